# The application's secrets in Secrets Manager, encrypted with this module's KMS key and readable
# by the backend's IRSA role only. Each secret is a JSON object whose keys are the backend's
# environment variable names, so External Secrets can copy them into a Kubernetes Secret as-is:
#
#   <prefix>/jwt-secret    {"JWT_SECRET": "..."}
#   <prefix>/database-url  {"DATABASE_URL": "postgres://...", "DATABASE_READ_URL": "postgres://..."}
#   <prefix>/redis-auth    {"REDIS_URL": "rediss://:<token>@<host>:6379"}
#   <prefix>/smtp          {"SMTP_URL": "smtps://<user>:<password>@<ses host>:465"} (with var.smtp only)
#
# The values are written with write-only arguments: they are in Secrets Manager and nowhere in
# the Terraform plan or state - except the SMTP password, which modules/mail's access key holds.

data "aws_region" "current" {}

locals {
  # Every secret this module can hold; the SMTP one only exists when var.smtp is given.
  secret_definitions = {
    jwt_secret   = { name = "${var.name_prefix}/jwt-secret", description = "JWT_SECRET: the key that signs the backend's access tokens" }
    database_url = { name = "${var.name_prefix}/database-url", description = "DATABASE_URL (primary) and DATABASE_READ_URL (read replica, when present) of the backend" }
    redis_auth   = { name = "${var.name_prefix}/redis-auth", description = "REDIS_URL of the backend, carrying the ElastiCache auth token" }
    smtp         = { name = "${var.name_prefix}/smtp", description = "SMTP_URL of the backend: SES's SMTP endpoint with the sending user's credentials" }
  }
  secrets = { for key, secret in local.secret_definitions : key => secret if key != "smtp" || var.smtp != null }

  database_url_query = var.database_url_options == "" ? "" : "?${var.database_url_options}"
}

resource "aws_kms_key" "this" {
  description             = "Application secrets under ${var.name_prefix}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "this" {
  name          = "alias/${replace(var.name_prefix, "/", "-")}-secrets"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_secretsmanager_secret" "this" {
  for_each = local.secrets

  name                    = each.value.name
  description             = each.value.description
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
}

# --- Values

# Secrets Manager generates the key; 64 letters and digits are 64 bytes, twice the backend's minimum.
ephemeral "aws_secretsmanager_random_password" "jwt_secret" {
  password_length     = 64
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret_version" "jwt_secret" {
  secret_id                = aws_secretsmanager_secret.this["jwt_secret"].id
  secret_string_wo         = jsonencode({ JWT_SECRET = ephemeral.aws_secretsmanager_random_password.jwt_secret.random_password })
  secret_string_wo_version = var.jwt_secret_version
}

# A write-only value is only sent when its version changes. Replacing the database (new address)
# must rewrite the URLs too, so a change of the connection details replaces the version resource.
resource "terraform_data" "database_endpoint" {
  input = var.database
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id = aws_secretsmanager_secret.this["database_url"].id
  secret_string_wo = jsonencode(merge(
    {
      DATABASE_URL = "postgres://${var.database.username}:${urlencode(var.database_password)}@${var.database.address}:${var.database.port}/${var.database.name}${local.database_url_query}"
    },
    var.database.read_address == null ? {} : {
      DATABASE_READ_URL = "postgres://${var.database.username}:${urlencode(var.database_password)}@${var.database.read_address}:${var.database.port}/${var.database.name}${local.database_url_query}"
    },
  ))
  secret_string_wo_version = var.database_credentials_version

  lifecycle {
    replace_triggered_by = [terraform_data.database_endpoint]
  }
}

resource "terraform_data" "redis_endpoint" {
  input = var.redis
}

resource "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id                = aws_secretsmanager_secret.this["redis_auth"].id
  secret_string_wo         = jsonencode({ REDIS_URL = "rediss://:${urlencode(var.redis_auth_token)}@${var.redis.primary_endpoint}:${var.redis.port}" })
  secret_string_wo_version = var.redis_auth_token_version

  lifecycle {
    replace_triggered_by = [terraform_data.redis_endpoint]
  }
}

# The SMTP password is already in the state (it is derived from an access key, see modules/mail);
# writing it write-only still keeps it out of this resource and out of plans.
resource "terraform_data" "smtp_endpoint" {
  count = var.smtp == null ? 0 : 1

  input = var.smtp
}

resource "aws_secretsmanager_secret_version" "smtp" {
  count = var.smtp == null ? 0 : 1

  secret_id                = aws_secretsmanager_secret.this["smtp"].id
  secret_string_wo         = jsonencode({ SMTP_URL = "smtps://${urlencode(var.smtp.username)}:${urlencode(var.smtp_password)}@${var.smtp.host}:${var.smtp.port}" })
  secret_string_wo_version = var.smtp.version

  lifecycle {
    replace_triggered_by = [terraform_data.smtp_endpoint]
  }
}

# --- Who may read them

data "aws_iam_policy_document" "only_backend_reads" {
  statement {
    sid       = "OnlyTheBackendAndAdministratorsRead"
    effect    = "Deny"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotLike"
      variable = "aws:PrincipalArn"
      values   = concat([var.reader_role_arn], var.administrator_role_arns)
    }
  }
}

resource "aws_secretsmanager_secret_policy" "this" {
  for_each = aws_secretsmanager_secret.this

  secret_arn          = each.value.arn
  policy              = data.aws_iam_policy_document.only_backend_reads.json
  block_public_policy = true
}

data "aws_iam_policy_document" "reader" {
  statement {
    sid       = "ReadApplicationSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [for secret in aws_secretsmanager_secret.this : secret.arn]
  }

  statement {
    sid       = "DecryptThroughSecretsManager"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.this.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "reader" {
  name   = "read-application-secrets"
  role   = var.reader_role_name
  policy = data.aws_iam_policy_document.reader.json
}
