variable "name" {
  description = "Prefix for every resource name, e.g. gv-playground-staging."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster that will use this VPC; written into the subnet tags the AWS Load Balancer Controller reads."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 range of the VPC. The seed's network diagram uses 10.0.0.0/16."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && endswith(var.vpc_cidr, "/16")
    error_message = "vpc_cidr must be a valid IPv4 /16 block; the subnet plan carves /24s out of it."
  }
}

variable "availability_zones" {
  description = "Availability zones, one public and one private subnet in each, in this order."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]

  validation {
    condition     = length(var.availability_zones) >= 2 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "Give at least two distinct availability zones: EKS and RDS subnet groups need two or more."
  }
}

variable "public_subnet_netnums" {
  description = "Third octet of each public /24, one per availability zone: cidrsubnet(vpc_cidr, 8, n). [1, 2, 3] gives 10.0.1.0/24, 10.0.2.0/24, 10.0.3.0/24."
  type        = list(number)
  default     = [1, 2, 3]

  validation {
    condition     = length(var.public_subnet_netnums) == length(var.availability_zones)
    error_message = "public_subnet_netnums needs exactly one entry per availability zone."
  }
}

variable "private_subnet_netnums" {
  description = "Third octet of each private /24, one per availability zone: cidrsubnet(vpc_cidr, 8, n). [11, 12, 13] gives 10.0.11.0/24, 10.0.12.0/24, 10.0.13.0/24."
  type        = list(number)
  default     = [11, 12, 13]

  validation {
    condition     = length(var.private_subnet_netnums) == length(var.availability_zones)
    error_message = "private_subnet_netnums needs exactly one entry per availability zone."
  }

  validation {
    condition     = length(setintersection(var.private_subnet_netnums, var.public_subnet_netnums)) == 0
    error_message = "A private subnet may not reuse a public subnet's range."
  }
}

variable "single_nat_gateway" {
  description = "true: one NAT gateway shared by every private subnet (cheaper, staging). false: one NAT gateway per availability zone, so losing a zone does not cut the others off (production)."
  type        = bool
  default     = false
}

variable "backend_port" {
  description = "Container port of gv-backend. The ALB targets pod IPs directly (target-type ip), so the node security group must admit it from the ALB."
  type        = number
  default     = 3000
}

variable "frontend_port" {
  description = "Container port of gv-frontend (unprivileged nginx), admitted from the ALB like backend_port."
  type        = number
  default     = 8080
}

variable "flow_log_retention_days" {
  description = "Days CloudWatch keeps the VPC flow logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be one of the retention periods CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}
