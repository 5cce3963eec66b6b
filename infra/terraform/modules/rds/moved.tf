# The backup bucket's access, versioning and encryption settings used to be written out here;
# they now come from modules/bucket-protection, which the Terraform state bucket uses too. These
# blocks carry the existing settings over instead of deleting and recreating them (which would
# leave the bucket unprotected between the two steps).

moved {
  from = aws_s3_bucket_ownership_controls.backups
  to   = module.backup_bucket_protection.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_public_access_block.backups
  to   = module.backup_bucket_protection.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_versioning.backups
  to   = module.backup_bucket_protection.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.backups
  to   = module.backup_bucket_protection.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_policy.backups
  to   = module.backup_bucket_protection.aws_s3_bucket_policy.this
}
