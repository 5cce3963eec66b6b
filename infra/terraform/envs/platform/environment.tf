# What an environment is: its name, sizes and protections. No defaults on purpose - each comes
# from the committed <environment>.tfvars (plan and apply with -var-file=<environment>.tfvars), so
# a setting missing there fails the plan instead of silently taking a value meant for another
# environment, and `diff staging.tfvars production.tfvars` lists every difference.

variable "environment" {
  description = "Environment name; also the name of its .tfvars and .s3.tfbackend files and its state key prefix."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production (the names of the .tfvars files)."
  }
}

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

variable "mail_enabled" {
  description = "Send mail through Amazon SES from domain_name: the SES identity with DKIM, an SMTP user and the SMTP_URL secret (docs/infrastructure.md, Mail)."
  type        = bool
}
