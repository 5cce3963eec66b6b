variable "github_owner" {
  description = "GitHub organisation or user that owns the repository."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}$", var.github_owner))
    error_message = "github_owner must be a GitHub organisation or user name."
  }
}

variable "github_repository" {
  description = "Repository name (without the owner)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be a repository name without the owner."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub OIDC provider. false when it already exists (an account holds one per URL); it is then looked up."
  type        = bool
  default     = true
}

variable "environments" {
  description = "Deploy role per GitHub environment. The role is trusted only by workflow jobs running in that environment of this repository; ecr_push lets it push images (production promotes what staging pushed, so it only reads)."
  type = map(object({
    eks_cluster_name = string
    ecr_push         = bool
  }))

  validation {
    condition     = length(var.environments) >= 1
    error_message = "Define at least one environment."
  }
}

variable "ecr_repository_arns" {
  description = "ARNs of the ECR repositories the deploy roles push to or pull from."
  type        = list(string)
}

variable "role_name_prefix" {
  description = "Deploy roles are named <prefix>-<environment>."
  type        = string
  default     = "gv-playground-deploy"
}
