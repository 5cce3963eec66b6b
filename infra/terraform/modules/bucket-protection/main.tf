# What every S3 bucket of the project gets, whatever it holds: no ACLs (the bucket owner owns
# every object), all four public-access blocks, versioning, SSE-KMS with the caller's
# customer-managed key, and a bucket policy that refuses plain HTTP.
#
# The caller creates the aws_s3_bucket itself: whether it may be destroyed (prevent_destroy on the
# state bucket, force_destroy on staging's backup bucket) is a lifecycle setting, which Terraform
# does not accept from a variable. How long old objects are kept is the caller's too.

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = var.bucket.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = var.bucket.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = var.bucket.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = var.bucket.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [var.bucket.arn, "${var.bucket.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = var.bucket.id
  policy = data.aws_iam_policy_document.tls_only.json

  # S3 aborts a policy change that overlaps a change of the public-access block.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
