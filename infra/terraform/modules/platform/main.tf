# One environment of the seed's AWS architecture: VPC, EKS, RDS PostgreSQL, ElastiCache Redis,
# WAF, Secrets Manager and CloudWatch (and SES mail where switched on), wired to each other. envs/platform calls it once and is
# applied per environment; everything that differs between the environments is in var.settings.

locals {
  name = "gv-playground-${var.environment}"

  # The DATABASE_URL secret can only be written in the apply that also sets the password on RDS
  # (the password exists only during that apply). Anything that changes the URLs - a new password
  # version or adding/removing the replica - therefore changes this one number for both.
  database_credentials_version = var.database_password_version * 10 + (var.settings.database_read_replica ? 1 : 0)

  access_entries = merge(
    {
      for index, arn in var.administrator_role_arns : "administrator-${index}" => {
        principal_arn = arn
        policy        = "AmazonEKSClusterAdminPolicy"
        namespaces    = []
      }
    },
    {
      # GitHub Actions deploys manage everything inside the application namespace, nothing outside.
      github-deploy = {
        principal_arn = data.aws_iam_role.deploy.arn
        policy        = "AmazonEKSAdminPolicy"
        namespaces    = ["gv-playground"]
      }
    },
  )
}

data "aws_region" "current" {}

# Created by envs/shared, which is applied first.
data "aws_iam_role" "deploy" {
  name = "gv-playground-deploy-${var.environment}"
}

data "aws_ecr_repository" "app" {
  for_each = toset(["gv-playground-backend", "gv-playground-frontend"])

  name = each.key
}

# Secrets Manager generates the database password during each plan and apply; it only travels in
# write-only arguments (to RDS and into the DATABASE_URL secret) and so never reaches the state.
ephemeral "aws_secretsmanager_random_password" "database" {
  password_length     = 40
  exclude_punctuation = true
}

module "network" {
  source = "../network"

  name                    = local.name
  cluster_name            = local.name
  availability_zones      = var.availability_zones
  single_nat_gateway      = var.settings.single_nat_gateway
  flow_log_retention_days = var.settings.log_retention_days
}

module "rds" {
  source = "../rds"

  identifier              = local.name
  instance_class          = var.settings.database_instance_class
  master_password         = ephemeral.aws_secretsmanager_random_password.database.random_password
  master_password_version = local.database_credentials_version
  subnet_ids              = module.network.private_subnet_ids
  security_group_id       = module.network.rds_security_group_id
  multi_az                = var.settings.database_multi_az
  create_read_replica     = var.settings.database_read_replica
  deletion_protection     = var.settings.database_deletion_protection
  backup_retention_days   = var.settings.database_backup_retention_days
  log_retention_days      = var.settings.log_retention_days
  apply_immediately       = var.settings.database_apply_immediately
}

module "eks" {
  source = "../eks"

  cluster_name                     = local.name
  private_subnet_ids               = module.network.private_subnet_ids
  node_security_group_id           = module.network.eks_node_security_group_id
  node_instance_type               = var.settings.node_instance_type
  node_desired_size                = var.settings.node_desired_size
  node_min_size                    = var.settings.node_min_size
  node_max_size                    = var.settings.node_max_size
  endpoint_public_access_cidrs     = var.cluster_endpoint_public_access_cidrs
  control_plane_log_retention_days = var.settings.log_retention_days
  backup_bucket_arn                = module.rds.backup_bucket_arn
  backup_kms_key_arn               = module.rds.kms_key_arn
  access_entries                   = local.access_entries
}

module "cache" {
  source = "../cache"

  replication_group_id    = local.name
  node_type               = var.settings.cache_node_type
  num_cache_clusters      = var.settings.cache_nodes
  subnet_ids              = module.network.private_subnet_ids
  security_group_id       = module.network.cache_security_group_id
  auth_token_version      = var.redis_auth_token_version
  snapshot_retention_days = var.settings.cache_snapshot_retention_days
  log_retention_days      = var.settings.log_retention_days
}

module "mail" {
  source = "../mail"
  count  = var.settings.mail_enabled ? 1 : 0

  name                     = local.name
  domain                   = var.mail_domain
  smtp_credentials_version = var.smtp_credentials_version
}

module "secrets" {
  source = "../secrets"

  name_prefix             = "gv-playground/${var.environment}"
  reader_role_name        = module.eks.backend_role_name
  reader_role_arn         = module.eks.backend_role_arn
  administrator_role_arns = var.administrator_role_arns
  jwt_secret_version      = var.jwt_secret_version

  database = {
    address      = module.rds.address
    port         = module.rds.port
    name         = module.rds.database_name
    username     = module.rds.master_username
    read_address = module.rds.read_replica_address
  }
  database_password            = ephemeral.aws_secretsmanager_random_password.database.random_password
  database_credentials_version = local.database_credentials_version

  redis = {
    primary_endpoint = module.cache.primary_endpoint_address
    port             = module.cache.port
  }
  redis_auth_token         = module.cache.auth_token
  redis_auth_token_version = module.cache.auth_token_version

  smtp          = var.settings.mail_enabled ? module.mail[0].smtp : null
  smtp_password = var.settings.mail_enabled ? module.mail[0].smtp_password : null

  recovery_window_days = var.settings.secret_recovery_window_days
}

module "waf" {
  source = "../waf"

  name                     = local.name
  rate_limit_per_5_minutes = var.waf_rate_limit_per_5_minutes
  log_retention_days       = var.settings.log_retention_days
}

module "observability" {
  source = "../observability"

  name                         = local.name
  environment                  = var.environment
  log_retention_days           = var.settings.log_retention_days
  alarm_email                  = var.alarm_email
  cluster_name                 = module.eks.cluster_name
  node_autoscaling_group_names = module.eks.node_autoscaling_group_names
  rds_instance_identifier      = module.rds.instance_identifier
  rds_replica_identifier       = module.rds.read_replica_identifier
  cache_replication_group_id   = module.cache.replication_group_id
  cache_node_count             = module.cache.num_cache_clusters
  alb_name                     = local.name
  alb_arn_suffix               = var.alb_arn_suffix
  waf_web_acl_name             = module.waf.web_acl_name
  oidc_provider_arn            = module.eks.oidc_provider_arn
  oidc_issuer                  = module.eks.oidc_issuer
}
