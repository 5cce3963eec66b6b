provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "gv-playground"
      Environment = var.environment
      Owner       = var.owner
      CostCenter  = var.cost_center
      ManagedBy   = "terraform"
    }
  }
}
