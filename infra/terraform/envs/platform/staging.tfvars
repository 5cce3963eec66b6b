# Staging: the seed's AWS architecture at the smallest size that still behaves like production
# (three zones, three nodes), with the cost-saving choices production does not make: one NAT
# gateway, a single-AZ db.t3.micro without replica or deletion protection, one Redis node.
environment = "staging"

# Network: one NAT gateway shared by the three zones.
single_nat_gateway = true

# EKS: three t3.medium nodes; the autoscaler may go down to two.
node_instance_type = "t3.medium"
node_desired_size  = 3
node_min_size      = 2
node_max_size      = 4

# PostgreSQL: one instance, changes applied at once, no protection against deletion.
database_instance_class        = "db.t3.micro"
database_multi_az              = false
database_read_replica          = false
database_deletion_protection   = false
database_backup_retention_days = 7
database_apply_immediately     = true

# Redis: one node, no snapshots.
cache_node_type               = "cache.t3.micro"
cache_nodes                   = 1
cache_snapshot_retention_days = 0

# Retention: logs two weeks, deleted secrets one week.
log_retention_days          = 14
secret_recovery_window_days = 7

# Mail: password reset and verification mails through SES from domain_name.
mail_enabled = true
