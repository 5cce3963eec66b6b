variable "repository_names" {
  description = "ECR repositories to create, named like the images they hold."
  type        = list(string)
  default     = ["gv-playground-backend", "gv-playground-frontend"]

  validation {
    condition     = alltrue([for name in var.repository_names : can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", name))])
    error_message = "Repository names must be lowercase letters and digits separated by single '.', '_' or '-'."
  }
}

variable "max_image_count" {
  description = "Images kept per repository; older ones are expired. Keep enough to roll back to any release still in use."
  type        = number
  default     = 100

  validation {
    condition     = var.max_image_count >= 10
    error_message = "max_image_count must be at least 10 so rollbacks have something to roll back to."
  }
}

variable "untagged_image_days" {
  description = "Days after which untagged images (left behind by interrupted or replaced pushes) are expired."
  type        = number
  default     = 7

  validation {
    condition     = var.untagged_image_days >= 1
    error_message = "untagged_image_days must be at least 1."
  }
}
