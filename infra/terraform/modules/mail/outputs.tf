output "identity_arn" {
  description = "ARN of the SES domain identity; the SMTP user may send from it only."
  value       = aws_sesv2_email_identity.this.arn
}

output "dkim_records" {
  description = "The three CNAME records (name => value) the DNS owner publishes so that SES verifies the domain and signs its mail with DKIM."
  value = {
    for token in aws_sesv2_email_identity.this.dkim_signing_attributes[0].tokens :
    "${token}._domainkey.${var.domain}" => "${token}.dkim.amazonses.com"
  }
}

output "smtp" {
  description = "Where and as whom the backend signs in to SES: host, port (465, TLS from the first byte), username (the access key id) and the credentials version that wrote them."
  value = {
    host     = "email-smtp.${data.aws_region.current.region}.amazonaws.com"
    port     = 465
    username = aws_iam_access_key.smtp.id
    version  = var.smtp_credentials_version
  }
}

output "smtp_password" {
  description = "SES SMTP password derived from the access key for this region; goes into SMTP_URL and nowhere else."
  value       = aws_iam_access_key.smtp.ses_smtp_password_v4
  sensitive   = true
}

output "smtp_user_arn" {
  description = "ARN of the IAM user whose access key is the SMTP login."
  value       = aws_iam_user.smtp.arn
}
