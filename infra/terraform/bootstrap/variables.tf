variable "region" {
  description = "AWS region of the state bucket (and of the environments)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "state_bucket_name" {
  description = "Name of the state bucket; null picks gv-playground-tfstate-<account id>-<region>, which is globally unique."
  type        = string
  default     = null

  validation {
    condition     = var.state_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be a valid S3 bucket name."
  }
}

variable "noncurrent_version_days" {
  description = "Days old state versions are kept; they are how a damaged state is rolled back."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_days >= 30
    error_message = "Keep old state versions for at least 30 days."
  }
}

variable "owner" {
  description = "Team or person responsible for the resources (Owner tag)."
  type        = string
}

variable "cost_center" {
  description = "Cost centre the resources are billed to (CostCenter tag)."
  type        = string
}
