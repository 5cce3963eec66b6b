output "replication_group_id" {
  description = "ID of the replication group."
  value       = aws_elasticache_replication_group.this.replication_group_id
}

output "num_cache_clusters" {
  description = "Number of nodes in the replication group."
  value       = var.num_cache_clusters
}

output "primary_endpoint_address" {
  description = "Host name of the primary node."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "port" {
  description = "Redis port."
  value       = aws_elasticache_replication_group.this.port
}

output "auth_token" {
  description = "The auth token (sensitive); only passed on to the secrets module."
  value       = random_password.auth_token.result
  sensitive   = true
}

output "auth_token_version" {
  description = "Version of the current auth token."
  value       = var.auth_token_version
}

output "kms_key_arn" {
  description = "KMS key encrypting the cache at rest."
  value       = aws_kms_key.this.arn
}
