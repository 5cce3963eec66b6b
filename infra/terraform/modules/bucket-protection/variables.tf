variable "bucket" {
  description = "The bucket to protect: pass the aws_s3_bucket resource itself (its id and arn are used)."
  type = object({
    id  = string
    arn = string
  })
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key the bucket's objects are encrypted with (SSE-KMS, with an S3 bucket key)."
  type        = string
}
