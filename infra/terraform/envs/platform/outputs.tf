# Everything the GitHub workflows and the Kubernetes overlay need from this environment:
#   terraform output -json > <environment>-outputs.json
# The platform module computes them; this root passes them on under the same names and adds the
# two it holds itself (domain_name, certificate_arn).

output "region" {
  description = "AWS region."
  value       = module.platform.region
}

output "environment" {
  description = "Environment name."
  value       = module.platform.environment
}

output "cluster_name" {
  description = "EKS cluster name."
  value       = module.platform.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API server URL."
  value       = module.platform.cluster_endpoint
}

output "kubeconfig_command" {
  description = "Command that adds the cluster to ~/.kube/config."
  value       = module.platform.kubeconfig_command
}

output "ecr_repository_urls" {
  description = "Repository URL per image name (created by envs/shared)."
  value       = module.platform.ecr_repository_urls
}

output "deploy_role_arn" {
  description = "Role the GitHub deploy workflow assumes for this environment."
  value       = module.platform.deploy_role_arn
}

output "domain_name" {
  description = "Host name of the application (Ingress host)."
  value       = var.domain_name
}

output "certificate_arn" {
  description = "ACM certificate for the Ingress annotation alb.ingress.kubernetes.io/certificate-arn."
  value       = var.certificate_arn
}

output "waf_web_acl_arn" {
  description = "WAF web ACL for the Ingress annotation alb.ingress.kubernetes.io/wafv2-acl-arn."
  value       = module.platform.waf_web_acl_arn
}

output "alb_name" {
  description = "Name to give the ALB (Ingress annotation alb.ingress.kubernetes.io/load-balancer-name); the dashboard looks for it."
  value       = module.platform.alb_name
}

output "alb_security_group_id" {
  description = "Security group for the Ingress annotation alb.ingress.kubernetes.io/security-groups."
  value       = module.platform.alb_security_group_id
}

output "secret_names" {
  description = "Secrets Manager names by purpose; each holds a JSON object keyed by backend environment variable names."
  value       = module.platform.secret_names
}

output "secret_arns" {
  description = "Secrets Manager ARNs by purpose."
  value       = module.platform.secret_arns
}

output "mail_dkim_records" {
  description = "CNAME records (name => value) to publish in the mail domain's DNS so SES verifies it and signs with DKIM; empty without mail."
  value       = module.platform.mail_dkim_records
}

output "irsa_role_arns" {
  description = "IAM role per Kubernetes ServiceAccount (annotation eks.amazonaws.com/role-arn)."
  value       = module.platform.irsa_role_arns
}

output "database_address" {
  description = "Host name of the PostgreSQL primary (the full URL is in the database-url secret)."
  value       = module.platform.database_address
}

output "database_read_address" {
  description = "Host name of the read replica, or null."
  value       = module.platform.database_read_address
}

output "redis_primary_endpoint" {
  description = "Host name of the Redis primary (the full URL is in the redis-auth secret)."
  value       = module.platform.redis_primary_endpoint
}

output "backup_bucket_name" {
  description = "S3 bucket of the backup CronJob."
  value       = module.platform.backup_bucket_name
}

output "application_log_group_name" {
  description = "CloudWatch log group Fluentd ships application logs to."
  value       = module.platform.application_log_group_name
}

output "alarm_topic_arn" {
  description = "SNS topic of the CloudWatch alarms."
  value       = module.platform.alarm_topic_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the environment."
  value       = module.platform.dashboard_name
}

output "vpc_id" {
  description = "VPC of the environment."
  value       = module.platform.vpc_id
}

output "nat_gateway_public_ips" {
  description = "Addresses outbound traffic leaves from."
  value       = module.platform.nat_gateway_public_ips
}
