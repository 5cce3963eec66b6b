variable "name" {
  description = "Name of the web ACL, e.g. gv-playground-staging."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,100}$", var.name))
    error_message = "name may contain letters, digits and hyphens only."
  }
}

variable "rate_limit_per_5_minutes" {
  description = "Requests one client IP may send in any 5-minute window before WAF blocks it (the application's own rate limits act below this)."
  type        = number
  default     = 2000

  validation {
    condition     = var.rate_limit_per_5_minutes >= 10 && var.rate_limit_per_5_minutes <= 2000000000
    error_message = "rate_limit_per_5_minutes must be between 10 and 2,000,000,000."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the WAF request logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}
