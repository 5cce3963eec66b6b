variable "replication_group_id" {
  description = "ID of the replication group, e.g. gv-playground-staging."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.replication_group_id))
    error_message = "replication_group_id must be at most 40 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "engine_version" {
  description = "Redis engine version."
  type        = string
  default     = "7.1"
}

variable "node_type" {
  description = "Cache node type, e.g. cache.t3.micro."
  type        = string
  default     = "cache.t3.micro"

  validation {
    condition     = startswith(var.node_type, "cache.")
    error_message = "node_type must be an ElastiCache node type such as cache.t3.micro."
  }
}

variable "num_cache_clusters" {
  description = "Nodes in the group: 1 is a single primary; 2 or more add replicas in other zones with automatic failover."
  type        = number
  default     = 1

  validation {
    condition     = var.num_cache_clusters >= 1 && var.num_cache_clusters <= 6
    error_message = "num_cache_clusters must be between 1 and 6."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the cache subnet group."
  type        = list(string)
}

variable "security_group_id" {
  description = "The network module's cache security group (6379 from the EKS nodes only)."
  type        = string
}

variable "auth_token_version" {
  description = "Bump to generate a new auth token. ElastiCache accepts old and new token during the rotation (ROTATE strategy)."
  type        = number
  default     = 1

  validation {
    condition     = var.auth_token_version >= 1 && floor(var.auth_token_version) == var.auth_token_version
    error_message = "auth_token_version must be a positive whole number."
  }
}

variable "snapshot_retention_days" {
  description = "Days of daily snapshots to keep; 0 switches snapshots off (the cache holds rate-limit counters and revocation markers, nothing that cannot be rebuilt)."
  type        = number
  default     = 1

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be 0-35."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the Redis slow log."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}
