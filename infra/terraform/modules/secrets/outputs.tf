output "secret_arns" {
  description = "Secret ARNs by purpose (jwt_secret, database_url, redis_auth, and smtp when mail is on)."
  value       = { for key, secret in aws_secretsmanager_secret.this : key => secret.arn }
}

output "secret_names" {
  description = "Secret names by purpose; External Secrets refers to them as remoteRef.key."
  value       = { for key, secret in aws_secretsmanager_secret.this : key => secret.name }
}

output "kms_key_arn" {
  description = "KMS key encrypting the secrets."
  value       = aws_kms_key.this.arn
}
