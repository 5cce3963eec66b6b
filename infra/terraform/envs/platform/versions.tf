terraform {
  required_version = ">= 1.11"

  # bucket, region and kms_key_id come from backend.hcl (written from the bootstrap outputs), the
  # state key from the environment's backend file:
  #   terraform init -backend-config=backend.hcl -backend-config=staging.s3.tfbackend
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }

  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 6.0" }
    random = { source = "hashicorp/random", version = "~> 3.7" }
    tls    = { source = "hashicorp/tls", version = "~> 4.0" }
  }
}
