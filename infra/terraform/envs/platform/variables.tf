# Settings that belong to one deployment of an environment rather than to its design: who runs
# it, its domain and certificate, secret rotation counters. They come from terraform.tfvars (in
# the pipelines, the TERRAFORM_TFVARS_<ENV> repository variable). Sizes and protections are not
# here but in environment.tf, set by the committed <environment>.tfvars, so that changing them is
# a reviewed code change.

variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "availability_zones" {
  description = "The three availability zones of the seed's network diagram."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b", "us-east-1c"]

  validation {
    condition     = alltrue([for zone in var.availability_zones : startswith(zone, var.region)])
    error_message = "Every availability zone must belong to var.region."
  }
}

variable "owner" {
  description = "Team or person responsible for the environment (Owner tag)."
  type        = string
}

variable "cost_center" {
  description = "Cost centre the environment is billed to (CostCenter tag)."
  type        = string
}

variable "administrator_role_arns" {
  description = "IAM role ARNs of the operators, including the one that runs terraform apply: cluster-admin in Kubernetes and allowed to read the application secrets. Exact ARNs, no wildcards."
  type        = list(string)

  validation {
    condition     = length(var.administrator_role_arns) >= 1 && alltrue([for arn in var.administrator_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", arn)) && !strcontains(arn, "*")])
    error_message = "Give at least one exact IAM role ARN (arn:aws:iam::<account>:role/<name>), without wildcards."
  }
}

variable "domain_name" {
  description = "Host name the application is served on, e.g. staging.gv-playground.example.com or gv-playground.example.com (the Ingress host; point its DNS record at the ALB)."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lowercase DNS name."
  }
}

variable "certificate_arn" {
  description = "ARN of an issued ACM certificate for domain_name in var.region; the Ingress names it in alb.ingress.kubernetes.io/certificate-arn."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "alarm_email" {
  description = "E-mail address for alarm notifications; null for none."
  type        = string
  default     = null
}

variable "alb_arn_suffix" {
  description = "ARN suffix (app/<name>/<id>) of the ALB once the AWS Load Balancer Controller created it; enables the ALB alarms. null until then."
  type        = string
  default     = null
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "Networks that may reach the public Kubernetes API endpoint."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "database_password_version" {
  description = "Bump to rotate the database password: RDS and the DATABASE_URL secret change in the same apply; restart the backend afterwards."
  type        = number
  default     = 1
}

variable "jwt_secret_version" {
  description = "Bump to generate a new JWT_SECRET."
  type        = number
  default     = 1
}

variable "redis_auth_token_version" {
  description = "Bump to rotate the ElastiCache auth token."
  type        = number
  default     = 1
}

variable "smtp_credentials_version" {
  description = "Bump to replace the SES SMTP credentials (with mail_enabled): a new access key, a new SMTP_URL; restart the backend afterwards."
  type        = number
  default     = 1
}
