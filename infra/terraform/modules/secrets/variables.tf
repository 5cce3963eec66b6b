variable "name_prefix" {
  description = "Prefix of the secret names, e.g. gv-playground/staging (giving gv-playground/staging/jwt-secret)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]+(/[a-z0-9-]+)*$", var.name_prefix))
    error_message = "name_prefix must be lowercase path segments separated by '/'."
  }
}

variable "reader_role_name" {
  description = "Name of the backend's IRSA role; it gets read access to every secret here."
  type        = string
}

variable "reader_role_arn" {
  description = "ARN of the same role; the secrets' resource policies deny every other reader."
  type        = string
}

variable "administrator_role_arns" {
  description = "IAM principals (ARNs, wildcards allowed) that may still read the secret values: the operators and the role that runs terraform apply (Terraform reads the secrets back while refreshing)."
  type        = list(string)

  validation {
    condition     = length(var.administrator_role_arns) >= 1
    error_message = "Name at least the principal that runs Terraform, or it locks itself out of the secrets it manages."
  }
}

variable "jwt_secret_version" {
  description = "Bump to generate and store a new JWT_SECRET (signs everyone out when the backend restarts with it)."
  type        = number

  validation {
    condition     = var.jwt_secret_version >= 1 && floor(var.jwt_secret_version) == var.jwt_secret_version
    error_message = "jwt_secret_version must be a positive whole number."
  }
}

variable "database" {
  description = "Connection details of the PostgreSQL primary and, when there is one, the read replica (read_address)."
  type = object({
    address      = string
    port         = number
    name         = string
    username     = string
    read_address = optional(string)
  })
}

variable "database_password" {
  description = "Password of var.database.username; the same ephemeral value the rds module writes to RDS in this apply."
  type        = string
  ephemeral   = true
  sensitive   = true
}

variable "database_credentials_version" {
  description = "Version of the stored database URLs; must equal the master_password_version given to the rds module so both change in one apply."
  type        = number
}

variable "database_url_options" {
  description = "Query string appended to the database URLs. sslmode=no-verify encrypts without verifying the server certificate; for verify-full ship the RDS CA bundle in the image and use sslmode=verify-full&sslrootcert=<path>."
  type        = string
  default     = "sslmode=no-verify"
}

variable "redis" {
  description = "Primary endpoint and port of the ElastiCache replication group."
  type = object({
    primary_endpoint = string
    port             = number
  })
}

variable "redis_auth_token" {
  description = "ElastiCache auth token, placed into REDIS_URL."
  type        = string
  sensitive   = true
}

variable "redis_auth_token_version" {
  description = "Version of the auth token (the cache module's auth_token_version); a change rewrites REDIS_URL."
  type        = number
}

variable "smtp" {
  description = "SES SMTP endpoint and login of the backend (the mail module's smtp output); null stores no SMTP_URL. A change of version, host, port or username rewrites the secret."
  type = object({
    host     = string
    port     = number
    username = string
    version  = number
  })
  default = null
}

variable "smtp_password" {
  description = "SES SMTP password belonging to var.smtp.username (the mail module's smtp_password); null when var.smtp is null."
  type        = string
  sensitive   = true
  default     = null

  validation {
    condition     = var.smtp_password != null || var.smtp == null
    error_message = "Give smtp_password together with smtp."
  }
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored; 0 deletes at once (only sensible for throw-away environments)."
  type        = number
  default     = 7

  validation {
    condition     = var.recovery_window_days == 0 || (var.recovery_window_days >= 7 && var.recovery_window_days <= 30)
    error_message = "recovery_window_days must be 0 or 7-30."
  }
}
