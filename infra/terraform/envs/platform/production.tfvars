# Production: the seed's AWS architecture built to survive the loss of an availability zone -
# a NAT gateway per zone, Multi-AZ PostgreSQL on db.t3.small with a read replica and deletion
# protection, two Redis nodes with automatic failover, and longer retention everywhere.
environment = "production"

# Network: a NAT gateway in each zone, so losing one zone leaves the others' outbound traffic.
single_nat_gateway = false

# EKS: three t3.medium nodes, never fewer; the autoscaler may double them.
node_instance_type = "t3.medium"
node_desired_size  = 3
node_min_size      = 3
node_max_size      = 6

# PostgreSQL: Multi-AZ standby, a read replica, deletion protection, changes in the
# maintenance window.
database_instance_class        = "db.t3.small"
database_multi_az              = true
database_read_replica          = true
database_deletion_protection   = true
database_backup_retention_days = 14
database_apply_immediately     = false

# Redis: a primary and a replica with automatic failover, a week of snapshots.
cache_node_type               = "cache.t3.small"
cache_nodes                   = 2
cache_snapshot_retention_days = 7

# Retention: logs three months, deleted secrets thirty days.
log_retention_days          = 90
secret_recovery_window_days = 30

# Mail: password reset and verification mails through SES from domain_name.
mail_enabled = true
