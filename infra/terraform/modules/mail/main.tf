# Outgoing mail through Amazon SES: the domain identity with Easy DKIM, and an IAM user that may
# send from that identity and nothing else. Its access key, converted by AWS into an SES SMTP
# password, is what the backend signs in to SES's SMTP endpoint with; the secrets module stores
# it as SMTP_URL. The DNS owner publishes the DKIM records this module outputs.
#
# The SMTP password is derived from the access key, and an access key has no write-only form:
# both are in the (encrypted) Terraform state, which is why only the administrators who may read
# the application secrets may read the state too (docs/decisions/210-*).

data "aws_region" "current" {}

resource "aws_sesv2_email_identity" "this" {
  email_identity = var.domain

  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }
}

resource "aws_iam_user" "smtp" {
  name = "${var.name}-smtp"
  path = "/gv-playground/"
}

data "aws_iam_policy_document" "send" {
  statement {
    sid       = "SendFromTheDomainIdentityOnly"
    actions   = ["ses:SendRawEmail"]
    resources = [aws_sesv2_email_identity.this.arn]
  }
}

resource "aws_iam_user_policy" "send" {
  name   = "send-mail-from-${replace(var.domain, ".", "-")}"
  user   = aws_iam_user.smtp.name
  policy = data.aws_iam_policy_document.send.json
}

# Bumping the version replaces the key: the new one is created first (a user may hold two), the
# secret is rewritten with it, then the old one is deleted.
resource "terraform_data" "credentials_version" {
  input = var.smtp_credentials_version
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name

  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.credentials_version]
  }
}
