# Everything the GitHub workflows and the Kubernetes overlays need; the environment roots pass
# these on under the same names.

output "region" {
  description = "AWS region."
  value       = data.aws_region.current.region
}

output "environment" {
  description = "Environment name."
  value       = var.environment
}

output "cluster_name" {
  description = "EKS cluster name."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API server URL."
  value       = module.eks.cluster_endpoint
}

output "kubeconfig_command" {
  description = "Command that adds the cluster to ~/.kube/config."
  value       = "aws eks update-kubeconfig --region ${data.aws_region.current.region} --name ${module.eks.cluster_name}"
}

output "ecr_repository_urls" {
  description = "Repository URL per image name (created by envs/shared)."
  value       = { for name, repo in data.aws_ecr_repository.app : name => repo.repository_url }
}

output "deploy_role_arn" {
  description = "Role the GitHub deploy workflow assumes for this environment (created by envs/shared)."
  value       = data.aws_iam_role.deploy.arn
}

output "waf_web_acl_arn" {
  description = "WAF web ACL for the Ingress annotation alb.ingress.kubernetes.io/wafv2-acl-arn."
  value       = module.waf.web_acl_arn
}

output "alb_name" {
  description = "Name to give the ALB (Ingress annotation alb.ingress.kubernetes.io/load-balancer-name); the dashboard looks for it."
  value       = local.name
}

output "alb_security_group_id" {
  description = "Security group for the Ingress annotation alb.ingress.kubernetes.io/security-groups."
  value       = module.network.alb_security_group_id
}

output "secret_names" {
  description = "Secrets Manager names by purpose; each holds a JSON object keyed by backend environment variable names."
  value       = module.secrets.secret_names
}

output "secret_arns" {
  description = "Secrets Manager ARNs by purpose."
  value       = module.secrets.secret_arns
}

output "mail_dkim_records" {
  description = "CNAME records (name => value) to publish in the mail domain's DNS so SES verifies it and signs with DKIM; empty without mail."
  value       = var.settings.mail_enabled ? module.mail[0].dkim_records : {}
}

output "irsa_role_arns" {
  description = "IAM role per Kubernetes ServiceAccount (annotation eks.amazonaws.com/role-arn)."
  value = {
    "gv-playground/gv-backend"                 = module.eks.backend_role_arn
    "gv-playground/gv-backup"                  = module.eks.backup_role_arn
    "external-secrets/external-secrets"        = module.eks.external_secrets_role_arn
    "kube-system/aws-load-balancer-controller" = module.eks.load_balancer_controller_role_arn
    "kube-system/cluster-autoscaler"           = module.eks.cluster_autoscaler_role_arn
    "kube-system/fluentd"                      = module.observability.fluentd_role_arn
  }
}

output "database_address" {
  description = "Host name of the PostgreSQL primary (the full URL is in the database-url secret)."
  value       = module.rds.address
}

output "database_read_address" {
  description = "Host name of the read replica, or null."
  value       = module.rds.read_replica_address
}

output "redis_primary_endpoint" {
  description = "Host name of the Redis primary (the full URL is in the redis-auth secret)."
  value       = module.cache.primary_endpoint_address
}

output "backup_bucket_name" {
  description = "S3 bucket of the backup CronJob."
  value       = module.rds.backup_bucket_name
}

output "application_log_group_name" {
  description = "CloudWatch log group Fluentd ships application logs to."
  value       = module.observability.application_log_group_name
}

output "alarm_topic_arn" {
  description = "SNS topic of the CloudWatch alarms."
  value       = module.observability.alarm_topic_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the environment."
  value       = module.observability.dashboard_name
}

output "vpc_id" {
  description = "VPC of the environment."
  value       = module.network.vpc_id
}

output "nat_gateway_public_ips" {
  description = "Addresses outbound traffic leaves from."
  value       = module.network.nat_gateway_public_ips
}
