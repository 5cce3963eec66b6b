# One root for every environment: a single call of modules/platform. What makes staging and
# production different is data, not code - the sizes and protections in <environment>.tfvars,
# the state key in <environment>.s3.tfbackend - so `diff staging.tfvars production.tfvars` shows
# every way the environments differ (docs/decisions/131-one-terraform-root-for-the-environments.md).
#
#   terraform init -backend-config=backend.hcl -backend-config=staging.s3.tfbackend
#   terraform plan -var-file=staging.tfvars

module "platform" {
  source = "../../modules/platform"

  environment                          = var.environment
  availability_zones                   = var.availability_zones
  administrator_role_arns              = var.administrator_role_arns
  cluster_endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs
  alarm_email                          = var.alarm_email
  alb_arn_suffix                       = var.alb_arn_suffix
  database_password_version            = var.database_password_version
  jwt_secret_version                   = var.jwt_secret_version
  redis_auth_token_version             = var.redis_auth_token_version
  smtp_credentials_version             = var.smtp_credentials_version
  mail_domain                          = var.domain_name

  # Every variable of environment.tf, as <environment>.tfvars sets it.
  settings = {
    single_nat_gateway = var.single_nat_gateway

    node_instance_type = var.node_instance_type
    node_desired_size  = var.node_desired_size
    node_min_size      = var.node_min_size
    node_max_size      = var.node_max_size

    database_instance_class        = var.database_instance_class
    database_multi_az              = var.database_multi_az
    database_read_replica          = var.database_read_replica
    database_deletion_protection   = var.database_deletion_protection
    database_backup_retention_days = var.database_backup_retention_days
    database_apply_immediately     = var.database_apply_immediately

    cache_node_type               = var.cache_node_type
    cache_nodes                   = var.cache_nodes
    cache_snapshot_retention_days = var.cache_snapshot_retention_days

    log_retention_days          = var.log_retention_days
    secret_recovery_window_days = var.secret_recovery_window_days

    mail_enabled = var.mail_enabled
  }
}
