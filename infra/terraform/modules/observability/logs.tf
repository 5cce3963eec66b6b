# Where the application's logs land: Fluentd (a DaemonSet in the cluster) ships the backend's
# JSON log lines to this group. A metric filter counts the error lines for the alarm below.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_cloudwatch_log_group" "application" {
  name              = "/gv-playground/${var.environment}/application"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_metric_filter" "application_errors" {
  name           = "${var.name}-application-errors"
  log_group_name = aws_cloudwatch_log_group.application.name
  pattern        = "{ $.level = \"error\" }"

  metric_transformation {
    namespace     = "GVPlayground/${var.environment}"
    name          = "ApplicationErrors"
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

data "aws_iam_policy_document" "fluentd_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.fluentd_service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "fluentd" {
  name               = "${var.name}-fluentd"
  description        = "IRSA role of ${var.fluentd_service_account}: ships application logs to CloudWatch"
  assume_role_policy = data.aws_iam_policy_document.fluentd_trust.json
}

data "aws_iam_policy_document" "fluentd" {
  statement {
    sid       = "WriteApplicationLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = [aws_cloudwatch_log_group.application.arn, "${aws_cloudwatch_log_group.application.arn}:*"]
  }

  statement {
    sid       = "FindLogGroups"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "fluentd" {
  name   = "write-application-logs"
  role   = aws_iam_role.fluentd.id
  policy = data.aws_iam_policy_document.fluentd.json
}
