# ElastiCache Redis for the seed's "Redis for session management": shared rate limits and instant
# session revocation across backend replicas. Encrypted at rest (KMS) and in transit (TLS), and
# protected by an auth token that the secrets module stores in Secrets Manager.

resource "aws_kms_key" "this" {
  description             = "ElastiCache ${var.replication_group_id} at rest"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.replication_group_id}-cache"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_elasticache_subnet_group" "this" {
  name        = var.replication_group_id
  description = "Private subnets of ${var.replication_group_id}"
  subnet_ids  = var.subnet_ids
}

# The replication group has no write-only argument for the token, so this one secret is also in
# the (encrypted, access-controlled) state. Letters and digits only: no escaping in REDIS_URL.
resource "random_password" "auth_token" {
  length  = 64
  special = false

  keepers = {
    version = var.auth_token_version
  }
}

resource "aws_cloudwatch_log_group" "slow_log" {
  name              = "/aws/elasticache/${var.replication_group_id}/slow-log"
  retention_in_days = var.log_retention_days
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.replication_group_id
  description          = "Rate limits and session revocation for ${var.replication_group_id}"

  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  num_cache_clusters   = var.num_cache_clusters
  port                 = 6379
  parameter_group_name = "default.redis7"

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [var.security_group_id]

  automatic_failover_enabled = var.num_cache_clusters > 1
  multi_az_enabled           = var.num_cache_clusters > 1

  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.this.arn
  transit_encryption_enabled = true
  auth_token                 = random_password.auth_token.result
  auth_token_update_strategy = "ROTATE"

  snapshot_retention_limit = var.snapshot_retention_days
  snapshot_window          = "02:00-03:00"
  maintenance_window       = "sun:05:30-sun:06:30"

  auto_minor_version_upgrade = true
  apply_immediately          = false

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.slow_log.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }
}
