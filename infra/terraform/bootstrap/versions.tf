# The bootstrap creates the bucket every other state lives in, so its own state stays local
# (terraform.tfstate in this folder, ignored by git). It holds one bucket, a key and its
# settings; if the file is ever lost, `terraform import` brings them back.
terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}
