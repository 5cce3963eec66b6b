output "state_bucket_name" {
  description = "Name of the state bucket."
  value       = aws_s3_bucket.state.bucket
}

output "state_bucket_arn" {
  description = "ARN of the state bucket."
  value       = aws_s3_bucket.state.arn
}

output "state_kms_key_arn" {
  description = "KMS key encrypting the state objects."
  value       = aws_kms_key.state.arn
}

output "backend_config" {
  description = "Contents for envs/<name>/backend.hcl: terraform output -raw backend_config > ../envs/staging/backend.hcl"
  value       = <<-EOT
    bucket     = "${aws_s3_bucket.state.bucket}"
    region     = "${var.region}"
    kms_key_id = "${aws_kms_key.state.arn}"
  EOT
}
