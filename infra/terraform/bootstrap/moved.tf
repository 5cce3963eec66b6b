# The state bucket's access, versioning and encryption settings used to be written out here;
# they now come from modules/bucket-protection, which the backup bucket of each environment uses
# too. These blocks carry the existing settings over instead of deleting and recreating them
# (which would leave the bucket unprotected between the two steps).

moved {
  from = aws_s3_bucket_ownership_controls.state
  to   = module.state_bucket_protection.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_public_access_block.state
  to   = module.state_bucket_protection.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_versioning.state
  to   = module.state_bucket_protection.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.state
  to   = module.state_bucket_protection.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_policy.state
  to   = module.state_bucket_protection.aws_s3_bucket_policy.this
}
