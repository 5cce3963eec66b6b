variable "region" {
  description = "AWS region of the registry and the environments."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "github_owner" {
  description = "GitHub organisation or user owning the repository whose workflows deploy."
  type        = string
}

variable "github_repository" {
  description = "Name of that repository."
  type        = string
}

variable "create_github_oidc_provider" {
  description = "false when the account already has a GitHub OIDC provider (there can be only one); it is then reused."
  type        = bool
  default     = true
}

variable "owner" {
  description = "Team or person responsible for the resources (Owner tag)."
  type        = string
}

variable "cost_center" {
  description = "Cost centre the resources are billed to (CostCenter tag)."
  type        = string
}
