# The bucket the nightly backup CronJob writes pg_dump files to: logical backups that survive the
# instance and can be restored anywhere, next to RDS's own snapshots.

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "backups" {
  bucket = "${var.identifier}-db-backups-${data.aws_caller_identity.current.account_id}"

  # deletion_protection guards the dumps too: without it (staging) destroying the environment
  # deletes them; with it the bucket must be emptied on purpose first.
  force_destroy = !var.deletion_protection
}

module "backup_bucket_protection" {
  source = "../bucket-protection"

  bucket      = aws_s3_bucket.backups
  kms_key_arn = aws_kms_key.this.arn
}

resource "aws_s3_bucket_lifecycle_configuration" "backups" {
  bucket = aws_s3_bucket.backups.id

  rule {
    id     = "expire-old-dumps"
    status = "Enabled"

    filter {}

    expiration {
      days = var.backup_bucket_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 7
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # Noncurrent-version rules need versioning switched on first.
  depends_on = [module.backup_bucket_protection]
}
