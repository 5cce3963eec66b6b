# What the environment is and who runs it

variable "environment" {
  description = "Environment name; names everything gv-playground-<environment> and the secrets gv-playground/<environment>/..."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "availability_zones" {
  description = "The three availability zones of the seed's network diagram, in the provider's region."
  type        = list(string)
}

variable "administrator_role_arns" {
  description = "IAM role ARNs of the operators: cluster-admin in Kubernetes and allowed to read the application secrets."
  type        = list(string)
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "Networks that may reach the public Kubernetes API endpoint (IAM still authenticates)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "alarm_email" {
  description = "E-mail address for alarm notifications; null for none."
  type        = string
  default     = null
}

variable "alb_arn_suffix" {
  description = "ARN suffix (app/<name>/<id>) of the ALB the AWS Load Balancer Controller created; enables the ALB alarms. null until then."
  type        = string
  default     = null
}

variable "database_password_version" {
  description = "Bump to rotate the database password: RDS and the DATABASE_URL secret change in the same apply."
  type        = number
  default     = 1
}

variable "jwt_secret_version" {
  description = "Bump to generate a new JWT_SECRET."
  type        = number
  default     = 1
}

variable "redis_auth_token_version" {
  description = "Bump to rotate the ElastiCache auth token."
  type        = number
  default     = 1
}

# Sizing and protection: no defaults, so each environment writes its choices out in its main.tf

variable "single_nat_gateway" {
  description = "true: one NAT gateway for all zones (cheaper; outbound traffic stops if its zone fails). false: one per zone."
  type        = bool
}

variable "node_instance_type" {
  description = "Instance type of the EKS nodes (the seed's t3.medium; t3.large is the next step up)."
  type        = string
}

variable "node_desired_size" {
  description = "EKS nodes at creation; afterwards the cluster autoscaler owns the number."
  type        = number
}

variable "node_min_size" {
  description = "Fewest EKS nodes the cluster autoscaler may scale down to."
  type        = number
}

variable "node_max_size" {
  description = "Most EKS nodes the cluster autoscaler may scale up to."
  type        = number
}

variable "database_instance_class" {
  description = "RDS instance class of the primary (and the replica)."
  type        = string
}

variable "database_multi_az" {
  description = "Keep a synchronous standby in a second zone that RDS fails over to."
  type        = bool
}

variable "database_read_replica" {
  description = "Create a read replica; its URL becomes DATABASE_READ_URL."
  type        = bool
}

variable "database_deletion_protection" {
  description = "Refuse to delete the database (set false before a deliberate destroy)."
  type        = bool
}

variable "database_backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery."
  type        = number
}

variable "database_apply_immediately" {
  description = "Apply instance changes at once (true) or in the next maintenance window (false)."
  type        = bool
}

variable "cache_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "cache_nodes" {
  description = "Redis nodes: 1, or 2 and more for a replica with automatic failover."
  type        = number
}

variable "cache_snapshot_retention_days" {
  description = "Days of daily Redis snapshots; 0 for none."
  type        = number
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps logs (application, control plane, flow logs, database, WAF)."
  type        = number
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can still be restored."
  type        = number
}

variable "waf_rate_limit_per_5_minutes" {
  description = "Requests one client IP may send in 5 minutes before the WAF blocks it."
  type        = number
  default     = 2000
}
