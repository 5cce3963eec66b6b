output "repository_urls" {
  description = "Repository URLs by name (<account>.dkr.ecr.<region>.amazonaws.com/<name>), for docker push and the Kubernetes image fields."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "repository_arns" {
  description = "Repository ARNs by name, for IAM policies."
  value       = { for name, repo in aws_ecr_repository.this : name => repo.arn }
}

output "registry_id" {
  description = "Account ID of the registry."
  value       = values(aws_ecr_repository.this)[0].registry_id
}

output "kms_key_arn" {
  description = "KMS key encrypting the images."
  value       = aws_kms_key.this.arn
}
