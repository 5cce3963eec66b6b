output "ecr_repository_urls" {
  description = "Repository URL per image name."
  value       = module.ecr.repository_urls
}

output "deploy_role_arns" {
  description = "Deploy role per GitHub environment (repository variable AWS_DEPLOY_ROLE_ARN of that environment)."
  value       = module.github_oidc.deploy_role_arns
}

output "github_oidc_provider_arn" {
  description = "The account's GitHub OIDC provider."
  value       = module.github_oidc.oidc_provider_arn
}
