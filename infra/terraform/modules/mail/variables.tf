variable "name" {
  description = "Name of the environment's resources, e.g. gv-playground-staging (giving the IAM user gv-playground-staging-smtp)."
  type        = string
}

variable "domain" {
  description = "Domain the backend sends from (From: <anything>@<domain>); SES verifies it through the DKIM records this module outputs."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain))
    error_message = "domain must be a lowercase DNS name."
  }
}

variable "smtp_credentials_version" {
  description = "Bump to replace the SMTP user's access key (and so the SMTP password in SMTP_URL)."
  type        = number

  validation {
    condition     = var.smtp_credentials_version >= 1 && floor(var.smtp_credentials_version) == var.smtp_credentials_version
    error_message = "smtp_credentials_version must be a positive whole number."
  }
}
