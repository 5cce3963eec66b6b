output "instance_identifier" {
  description = "Identifier of the primary DB instance."
  value       = aws_db_instance.primary.identifier
}

output "address" {
  description = "Host name of the primary (reads and writes)."
  value       = aws_db_instance.primary.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.primary.port
}

output "database_name" {
  description = "Name of the application database."
  value       = aws_db_instance.primary.db_name
}

output "master_username" {
  description = "Master user name."
  value       = aws_db_instance.primary.username
}

output "read_replica_identifier" {
  description = "Identifier of the read replica, or null when there is none."
  value       = one(aws_db_instance.replica[*].identifier)
}

output "read_replica_address" {
  description = "Host name of the read replica, or null when there is none."
  value       = one(aws_db_instance.replica[*].address)
}

output "kms_key_arn" {
  description = "KMS key encrypting storage, Performance Insights and the backup bucket."
  value       = aws_kms_key.this.arn
}

output "backup_bucket_name" {
  description = "S3 bucket for the nightly pg_dump files."
  value       = aws_s3_bucket.backups.bucket
}

output "backup_bucket_arn" {
  description = "ARN of the backup bucket."
  value       = aws_s3_bucket.backups.arn
}
