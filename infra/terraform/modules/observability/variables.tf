variable "name" {
  description = "Prefix for names, e.g. gv-playground-staging."
  type        = string
}

variable "environment" {
  description = "Environment name (staging or production); part of the log group and metric namespace names."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the application logs that Fluentd ships."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic (AWS sends a confirmation mail first); null for no e-mail subscription."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address or null."
  }
}

variable "application_error_threshold" {
  description = "Error-level log lines from the application in 5 minutes that raise the application-errors alarm."
  type        = number
  default     = 10
}

variable "cluster_name" {
  description = "Name of the EKS cluster (dashboard titles and links)."
  type        = string
}

variable "node_autoscaling_group_names" {
  description = "Auto Scaling groups of the EKS node group, for the node CPU and network widgets."
  type        = list(string)
}

variable "rds_instance_identifier" {
  description = "Identifier of the PostgreSQL primary."
  type        = string
}

variable "rds_replica_identifier" {
  description = "Identifier of the read replica, or null when there is none."
  type        = string
  default     = null
}

variable "cache_replication_group_id" {
  description = "ID of the ElastiCache replication group; its nodes are <id>-001, <id>-002, ..."
  type        = string
}

variable "cache_node_count" {
  description = "Nodes in the replication group (the cache module's num_cache_clusters)."
  type        = number
}

variable "alb_name" {
  description = "Name the Ingress gives the ALB (alb.ingress.kubernetes.io/load-balancer-name); the dashboard finds its metrics by it."
  type        = string
}

variable "alb_arn_suffix" {
  description = "The ALB's ARN suffix (app/<name>/<id>), known only after the AWS Load Balancer Controller created it. null: no ALB alarms yet; set it after the first deploy and apply again."
  type        = string
  default     = null

  validation {
    condition     = var.alb_arn_suffix == null || can(regex("^app/[^/]+/[0-9a-f]+$", var.alb_arn_suffix))
    error_message = "alb_arn_suffix must look like app/<name>/<id>."
  }
}

variable "waf_web_acl_name" {
  description = "Name of the WAF web ACL, for the allowed/blocked requests widget."
  type        = string
}

variable "oidc_provider_arn" {
  description = "The EKS cluster's IAM OIDC provider, for the Fluentd IRSA role."
  type        = string
}

variable "oidc_issuer" {
  description = "The EKS cluster's OIDC issuer without https://."
  type        = string
}

variable "fluentd_service_account" {
  description = "namespace:name of the Fluentd DaemonSet's ServiceAccount, which may write to the application log group."
  type        = string
  default     = "kube-system:fluentd"

  validation {
    condition     = can(regex("^[a-z0-9-]+:[a-z0-9-]+$", var.fluentd_service_account))
    error_message = "fluentd_service_account must be namespace:name."
  }
}
