output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies; subscribe more endpoints (chat, paging) to it."
  value       = aws_sns_topic.alarms.arn
}

output "application_log_group_name" {
  description = "Log group Fluentd ships the application's JSON logs to."
  value       = aws_cloudwatch_log_group.application.name
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "fluentd_role_arn" {
  description = "IRSA role for the Fluentd ServiceAccount."
  value       = aws_iam_role.fluentd.arn
}
