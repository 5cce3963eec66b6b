output "oidc_provider_arn" {
  description = "ARN of the account's GitHub OIDC provider."
  value       = local.oidc_provider_arn
}

output "deploy_role_arns" {
  description = "Deploy role ARN per environment, for aws-actions/configure-aws-credentials role-to-assume."
  value       = { for env, role in aws_iam_role.deploy : env => role.arn }
}

output "deploy_role_names" {
  description = "Deploy role name per environment; the environments look their role up by it."
  value       = { for env, role in aws_iam_role.deploy : env => role.name }
}
