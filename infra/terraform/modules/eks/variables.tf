variable "cluster_name" {
  description = "Name of the EKS cluster, e.g. gv-playground-staging."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.cluster_name))
    error_message = "cluster_name must be 3-41 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and nodes. Pinned: upgrade deliberately, one minor version at a time."
  type        = string
  default     = "1.35"

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version such as 1.35."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets (one per availability zone) for the control-plane network interfaces and the nodes."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "EKS needs subnets in at least two availability zones."
  }
}

variable "node_security_group_id" {
  description = "The network module's EKS node security group; attached to every node next to the cluster security group EKS creates."
  type        = string
}

variable "node_instance_type" {
  description = "EC2 instance type of the managed node group. The seed's vertical scaling step is t3.medium -> t3.large."
  type        = string
  default     = "t3.medium"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*\\.[a-z0-9]+$", var.node_instance_type))
    error_message = "node_instance_type must look like an EC2 instance type, e.g. t3.medium."
  }
}

variable "node_desired_size" {
  description = "Nodes to start with; afterwards the cluster autoscaler owns the number (Terraform ignores later drift)."
  type        = number
  default     = 3
}

variable "node_min_size" {
  description = "Fewest nodes the cluster autoscaler may scale down to."
  type        = number
  default     = 3

  validation {
    condition     = var.node_min_size >= 1 && var.node_min_size <= var.node_desired_size
    error_message = "node_min_size must be at least 1 and at most node_desired_size."
  }
}

variable "node_max_size" {
  description = "Most nodes the cluster autoscaler may scale up to."
  type        = number
  default     = 6

  validation {
    condition     = var.node_max_size >= var.node_desired_size
    error_message = "node_max_size must be at least node_desired_size."
  }
}

variable "node_disk_size_gb" {
  description = "Size of each node's encrypted gp3 root volume (images and container logs live here)."
  type        = number
  default     = 30

  validation {
    condition     = var.node_disk_size_gb >= 20
    error_message = "node_disk_size_gb must be at least 20 GiB."
  }
}

variable "endpoint_public_access_cidrs" {
  description = "Networks allowed to reach the public Kubernetes API endpoint (IAM authentication still applies). GitHub-hosted runners have no fixed addresses, hence the open default; narrow it when deploys run from known addresses."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for cidr in var.endpoint_public_access_cidrs : can(cidrhost(cidr, 0))])
    error_message = "Every entry must be an IPv4 CIDR block."
  }
}

variable "control_plane_log_retention_days" {
  description = "Days CloudWatch keeps the control-plane logs (api, audit, authenticator, controllerManager, scheduler)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.control_plane_log_retention_days)
    error_message = "control_plane_log_retention_days must be a retention period CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "app_namespace" {
  description = "Kubernetes namespace of the application."
  type        = string
  default     = "gv-playground"
}

variable "backend_service_account" {
  description = "ServiceAccount of gv-backend in app_namespace; its IAM role is the one that may read the application secrets."
  type        = string
  default     = "gv-backend"
}

variable "backup_service_account" {
  description = "ServiceAccount of the nightly backup CronJob in app_namespace; its IAM role may write to the backup bucket."
  type        = string
  default     = "gv-backup"
}

variable "backup_bucket_arn" {
  description = "ARN of the S3 bucket the backup CronJob writes pg_dump files to."
  type        = string
}

variable "backup_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the backup bucket."
  type        = string
}

variable "access_entries" {
  description = "IAM principals given Kubernetes access. policy is an EKS access policy name (AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy); namespaces limits it to those namespaces, empty means cluster-wide."
  type = map(object({
    principal_arn = string
    policy        = string
    namespaces    = optional(list(string), [])
  }))

  validation {
    condition = alltrue([
      for entry in values(var.access_entries) :
      contains(["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy"], entry.policy)
    ])
    error_message = "policy must be one of AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy."
  }

  validation {
    condition     = anytrue([for entry in values(var.access_entries) : entry.policy == "AmazonEKSClusterAdminPolicy"])
    error_message = "Give at least one principal AmazonEKSClusterAdminPolicy, or nobody can administer the cluster."
  }
}
