# WAF in front of the ALB (the seed's "WAF Protection"): AWS managed rule groups for common
# exploits, known bad inputs, SQL injection and IP reputation, plus a per-IP rate limit.
# The AWS Load Balancer Controller attaches it through the Ingress annotation
# alb.ingress.kubernetes.io/wafv2-acl-arn.

locals {
  # rule name => managed rule group, evaluated in this order after the rate limit
  managed_rule_groups = {
    "aws-ip-reputation"    = { group = "AWSManagedRulesAmazonIpReputationList", priority = 10 }
    "aws-common"           = { group = "AWSManagedRulesCommonRuleSet", priority = 20 }
    "aws-known-bad-inputs" = { group = "AWSManagedRulesKnownBadInputsRuleSet", priority = 30 }
    "aws-sql-injection"    = { group = "AWSManagedRulesSQLiRuleSet", priority = 40 }
  }
}

resource "aws_wafv2_web_acl" "this" {
  name        = var.name
  description = "Protects the gv-playground ALB"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.rate_limit_per_5_minutes
        evaluation_window_sec = 300
        aggregate_key_type    = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  dynamic "rule" {
    for_each = local.managed_rule_groups

    content {
      name     = rule.key
      priority = rule.value.priority

      # Managed groups carry their own block actions; "none" keeps them.
      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.value.group
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }
}

# WAF only delivers to log groups whose name starts with aws-waf-logs-.
resource "aws_cloudwatch_log_group" "this" {
  name              = "aws-waf-logs-${var.name}"
  retention_in_days = var.log_retention_days
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "log_delivery" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "this" {
  policy_name     = "${var.name}-waf-log-delivery"
  policy_document = data.aws_iam_policy_document.log_delivery.json
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.this.arn]

  # Credentials never reach the logs.
  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }

  depends_on = [aws_cloudwatch_log_resource_policy.this]
}
