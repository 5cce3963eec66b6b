variable "identifier" {
  description = "Name of the DB instance (the replica gets a -replica suffix), e.g. gv-playground-staging."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,50}$", var.identifier))
    error_message = "identifier must be 3-51 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "engine_major_version" {
  description = "PostgreSQL major version. Minor versions are applied automatically in the maintenance window; a major upgrade is a deliberate change of this value."
  type        = string
  default     = "17"

  validation {
    condition     = can(regex("^1[4-9]$", var.engine_major_version))
    error_message = "engine_major_version must be a PostgreSQL major version from 14 to 19."
  }
}

variable "instance_class" {
  description = "DB instance class: db.t3.micro in staging, db.t3.small in production (the seed's vertical scaling step)."
  type        = string

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS instance class such as db.t3.micro."
  }
}

variable "allocated_storage_gb" {
  description = "Initial gp3 storage in GiB."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage_gb >= 20
    error_message = "allocated_storage_gb must be at least 20 GiB for gp3."
  }
}

variable "max_allocated_storage_gb" {
  description = "Upper limit for storage autoscaling: RDS grows the volume on its own up to this size."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage_gb > var.allocated_storage_gb
    error_message = "max_allocated_storage_gb must be larger than allocated_storage_gb, or storage autoscaling is off."
  }
}

variable "database_name" {
  description = "Name of the application database created with the instance."
  type        = string
  default     = "gv_playground"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be a lowercase PostgreSQL identifier."
  }
}

variable "master_username" {
  description = "Master user name."
  type        = string
  default     = "gv_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && !contains(["postgres", "admin", "rdsadmin"], var.master_username)
    error_message = "master_username must be a lowercase identifier other than the reserved postgres, admin and rdsadmin."
  }
}

variable "master_password" {
  description = "Master password, written to RDS as a write-only argument so it never reaches the plan or state. Pass an ephemeral value (e.g. from ephemeral.aws_secretsmanager_random_password)."
  type        = string
  ephemeral   = true
  sensitive   = true
}

variable "master_password_version" {
  description = "Bump to send a new master_password to RDS (rotation). The secrets module must get the same number so the stored DATABASE_URL changes in the same apply."
  type        = number

  validation {
    condition     = var.master_password_version >= 1 && floor(var.master_password_version) == var.master_password_version
    error_message = "master_password_version must be a positive whole number."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the DB subnet group (one per availability zone)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "RDS needs subnets in at least two availability zones."
  }
}

variable "security_group_id" {
  description = "The network module's RDS security group (5432 from the EKS nodes only)."
  type        = string
}

variable "multi_az" {
  description = "Run a synchronous standby in a second availability zone with automatic failover (production)."
  type        = bool
  default     = false
}

variable "create_read_replica" {
  description = "Create an asynchronous read replica; the backend sends read-only queries to it via DATABASE_READ_URL (the seed's \"RDS read replicas\")."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Refuse deletion of the instance and of a non-empty backup bucket (production). When false, destroying takes no final snapshot and deletes the dumps."
  type        = bool
  default     = false
}

variable "backup_retention_days" {
  description = "Days of automated backups; point-in-time recovery reaches back this far."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be 1-35; 0 would switch off backups and point-in-time recovery."
  }
}

variable "slow_statement_ms" {
  description = "Statements running longer than this many milliseconds are written to the PostgreSQL log (log_min_duration_statement)."
  type        = number
  default     = 500

  validation {
    condition     = var.slow_statement_ms >= 0
    error_message = "slow_statement_ms must be 0 (log everything) or more."
  }
}

variable "performance_insights_retention_days" {
  description = "Days of Performance Insights history; 7 is the free tier."
  type        = number
  default     = 7

  validation {
    condition     = var.performance_insights_retention_days == 7 || (var.performance_insights_retention_days % 31 == 0 && var.performance_insights_retention_days <= 731)
    error_message = "performance_insights_retention_days must be 7 or a multiple of 31 up to 731."
  }
}

variable "enhanced_monitoring_interval" {
  description = "Seconds between Enhanced Monitoring (OS-level) samples; 0 switches it off."
  type        = number
  default     = 60

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.enhanced_monitoring_interval)
    error_message = "enhanced_monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the exported PostgreSQL logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "backup_bucket_retention_days" {
  description = "Days the nightly pg_dump files are kept in the backup bucket."
  type        = number
  default     = 30

  validation {
    condition     = var.backup_bucket_retention_days >= 1
    error_message = "backup_bucket_retention_days must be at least 1."
  }
}

variable "apply_immediately" {
  description = "Apply instance changes at once instead of in the next maintenance window."
  type        = bool
  default     = false
}
