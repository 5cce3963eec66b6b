# PostgreSQL on RDS: encrypted, in the private subnets behind the RDS security group, with
# automated backups and point-in-time recovery, slow-statement logging and Performance
# Insights; Multi-AZ, a read replica and deletion protection where the environment asks for them.

data "aws_partition" "current" {}

resource "aws_kms_key" "this" {
  description             = "RDS storage, Performance Insights and database backups of ${var.identifier}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.identifier}-rds"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_db_subnet_group" "this" {
  name        = var.identifier
  description = "Private subnets of ${var.identifier}"
  subnet_ids  = var.subnet_ids
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.identifier}-pg${var.engine_major_version}-"
  family      = "postgres${var.engine_major_version}"
  description = "Slow-statement logging and TLS-only connections for ${var.identifier}"

  parameter {
    name  = "log_min_duration_statement"
    value = tostring(var.slow_statement_ms)
  }

  parameter {
    name  = "log_lock_waits"
    value = "1"
  }

  # Temporary files over 10 MiB point at queries that sort or hash more than work_mem holds.
  parameter {
    name  = "log_temp_files"
    value = "10240"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# RDS creates these groups when log export starts; creating them first sets their retention.
resource "aws_cloudwatch_log_group" "primary" {
  for_each = toset(["postgresql", "upgrade"])

  name              = "/aws/rds/instance/${var.identifier}/${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "replica" {
  count = var.create_read_replica ? 1 : 0

  name              = "/aws/rds/instance/${var.identifier}-replica/postgresql"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  count = var.enhanced_monitoring_interval > 0 ? 1 : 0

  name               = "${var.identifier}-rds-monitoring"
  assume_role_policy = data.aws_iam_policy_document.monitoring_assume.json
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  count = var.enhanced_monitoring_interval > 0 ? 1 : 0

  role       = aws_iam_role.monitoring[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "primary" {
  identifier = var.identifier

  engine                      = "postgres"
  engine_version              = var.engine_major_version
  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false
  instance_class              = var.instance_class
  parameter_group_name        = aws_db_parameter_group.this.name
  ca_cert_identifier          = "rds-ca-rsa2048-g1"

  db_name  = var.database_name
  username = var.master_username
  # Write-only: sent to RDS when master_password_version changes, never stored in state.
  password_wo                         = var.master_password
  password_wo_version                 = var.master_password_version
  iam_database_authentication_enabled = true

  port                   = 5432
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  multi_az               = var.multi_az

  storage_type          = "gp3"
  allocated_storage     = var.allocated_storage_gb
  max_allocated_storage = var.max_allocated_storage_gb
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.this.arn

  # Automated backups plus the transaction log give point-in-time recovery to any second
  # within the retention period.
  backup_retention_period   = var.backup_retention_days
  backup_window             = "03:00-04:00"
  maintenance_window        = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot     = true
  delete_automated_backups  = !var.deletion_protection
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !var.deletion_protection
  final_snapshot_identifier = "${var.identifier}-final"

  # Performance Insights data, viewed in CloudWatch Database Insights (standard mode).
  database_insights_mode                = "standard"
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.this.arn
  performance_insights_retention_period = var.performance_insights_retention_days
  monitoring_interval                   = var.enhanced_monitoring_interval
  monitoring_role_arn                   = one(aws_iam_role.monitoring[*].arn)
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]

  apply_immediately = var.apply_immediately

  depends_on = [aws_cloudwatch_log_group.primary, aws_iam_role_policy_attachment.monitoring]
}

resource "aws_db_instance" "replica" {
  count = var.create_read_replica ? 1 : 0

  identifier          = "${var.identifier}-replica"
  replicate_source_db = aws_db_instance.primary.identifier

  instance_class             = var.instance_class
  parameter_group_name       = aws_db_parameter_group.this.name
  auto_minor_version_upgrade = true
  ca_cert_identifier         = "rds-ca-rsa2048-g1"

  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false

  storage_type          = "gp3"
  max_allocated_storage = var.max_allocated_storage_gb
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.this.arn

  # The primary is the one that is backed up; a lost replica is simply recreated from it.
  backup_retention_period = 0
  skip_final_snapshot     = true
  deletion_protection     = var.deletion_protection

  # Performance Insights data, viewed in CloudWatch Database Insights (standard mode).
  database_insights_mode                = "standard"
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.this.arn
  performance_insights_retention_period = var.performance_insights_retention_days
  monitoring_interval                   = var.enhanced_monitoring_interval
  monitoring_role_arn                   = one(aws_iam_role.monitoring[*].arn)
  enabled_cloudwatch_logs_exports       = ["postgresql"]

  apply_immediately = var.apply_immediately

  depends_on = [aws_cloudwatch_log_group.replica]
}
