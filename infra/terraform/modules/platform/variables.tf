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

variable "mail_domain" {
  description = "Domain the backend sends mail from (the SES identity) when settings.mail_enabled; the application's host name."
  type        = string
}

# Rotation counters: the calling root keeps them (with their starting value) and passes them on.

variable "database_password_version" {
  description = "Bump to rotate the database password: RDS and the DATABASE_URL secret change in the same apply."
  type        = number
}

variable "jwt_secret_version" {
  description = "Bump to generate a new JWT_SECRET."
  type        = number
}

variable "redis_auth_token_version" {
  description = "Bump to rotate the ElastiCache auth token."
  type        = number
}

variable "smtp_credentials_version" {
  description = "Bump to replace the SES SMTP credentials (with settings.mail_enabled)."
  type        = number
}

# Sizing, protection and retention: everything in which staging and production differ, as one
# object. envs/platform declares each attribute as a variable of its own (environment.tf, with
# its description) so that <environment>.tfvars can set it, and passes them on together. None is
# optional: an environment that leaves one out fails at plan.

variable "settings" {
  description = "The environment's sizes, protections and retention periods; envs/platform/environment.tf describes each attribute."
  type = object({
    single_nat_gateway             = bool
    node_instance_type             = string
    node_desired_size              = number
    node_min_size                  = number
    node_max_size                  = number
    database_instance_class        = string
    database_multi_az              = bool
    database_read_replica          = bool
    database_deletion_protection   = bool
    database_backup_retention_days = number
    database_apply_immediately     = bool
    cache_node_type                = string
    cache_nodes                    = number
    cache_snapshot_retention_days  = number
    log_retention_days             = number
    secret_recovery_window_days    = number
    mail_enabled                   = bool
  })
}

variable "waf_rate_limit_per_5_minutes" {
  description = "Requests one client IP may send in 5 minutes before the WAF blocks it."
  type        = number
  default     = 2000
}
