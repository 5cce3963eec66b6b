# The S3 bucket holding every environment's Terraform state: versioned (a damaged state can be
# rolled back), encrypted with its own KMS key, closed to the public and to plain HTTP. Locking
# needs no DynamoDB table: the S3 backend writes a lock object next to the state
# (use_lockfile = true, Terraform >= 1.10).

data "aws_caller_identity" "current" {}

locals {
  bucket_name = coalesce(var.state_bucket_name, "gv-playground-tfstate-${data.aws_caller_identity.current.account_id}-${var.region}")
}

resource "aws_kms_key" "state" {
  description             = "Terraform state of gv-playground"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "state" {
  name          = "alias/gv-playground-tfstate"
  target_key_id = aws_kms_key.state.key_id
}

resource "aws_s3_bucket" "state" {
  bucket = local.bucket_name

  lifecycle {
    prevent_destroy = true
  }
}

module "state_bucket_protection" {
  source = "../modules/bucket-protection"

  bucket      = aws_s3_bucket.state
  kms_key_arn = aws_kms_key.state.arn
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # Noncurrent-version rules need versioning switched on first.
  depends_on = [module.state_bucket_protection]
}
