# TFLint configuration for the CI "Terraform" job: Terraform's recommended rules plus the AWS
# ruleset (invalid instance types, engine versions, ...), applied to each root module and the
# local modules it calls.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "aws" {
  enabled = true
  version = "0.45.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}
