terraform {
  required_version = ">= 1.11"

  # bucket, region and kms_key_id come from backend.hcl (written from the bootstrap outputs):
  #   terraform init -backend-config=backend.hcl
  backend "s3" {
    key          = "shared/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }

  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}
