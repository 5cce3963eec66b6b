# Alarms for the things an operator must hear about, all sent to one SNS topic
# (encrypted; CloudWatch may use the key to publish).

data "aws_iam_policy_document" "alarm_topic_key" {
  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchPublishesAlarms"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "alarm_topic" {
  description             = "Alarm notifications of ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.alarm_topic_key.json
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = aws_kms_key.alarm_topic.arn
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  # ElastiCache names the nodes of a replication group <group>-001, <group>-002, ...; computing the
  # names keeps them known at plan time, as for_each requires.
  cache_nodes = [for index in range(var.cache_node_count) : format("%s-%03d", var.cache_replication_group_id, index + 1)]

  # Every alarm, keyed by the suffix of its name (<name>-<key>). Each entry reads as a sentence:
  # <statistic> of <namespace>/<metric> over <period> s, <periods> periods in a row,
  # <comparison> <threshold>, and says only where it differs from alarm_defaults. A statistic
  # starting with "p" is a percentile. Alarms on a resource that may not exist yet (the ALB, the
  # replica) say so in `enabled` and appear only once it does.
  alarm_defaults = {
    dimensions   = {}
    period       = 300
    periods      = 1
    comparison   = "GreaterThanThreshold"
    missing_data = "missing"
  }

  alarm_definitions = merge(
    {
      application-errors = {
        description  = "More than ${var.application_error_threshold} error log lines from the application in 5 minutes. Look at the application log group."
        namespace    = "GVPlayground/${var.environment}"
        metric       = "ApplicationErrors"
        statistic    = "Sum"
        threshold    = var.application_error_threshold
        missing_data = "notBreaching"
      }
      rds-cpu = {
        description = "PostgreSQL CPU above 80% for 15 minutes: look at Performance Insights for the top statements, or move up an instance class."
        namespace   = "AWS/RDS"
        metric      = "CPUUtilization"
        dimensions  = { DBInstanceIdentifier = var.rds_instance_identifier }
        statistic   = "Average"
        periods     = 3
        threshold   = 80
      }
      rds-free-storage = {
        description = "Less than 2 GiB of storage left on PostgreSQL (autoscaling may have reached its maximum)."
        namespace   = "AWS/RDS"
        metric      = "FreeStorageSpace"
        dimensions  = { DBInstanceIdentifier = var.rds_instance_identifier }
        statistic   = "Minimum"
        comparison  = "LessThanThreshold"
        threshold   = 2 * 1024 * 1024 * 1024
      }
      alb-target-5xx = {
        enabled      = var.alb_arn_suffix != null
        description  = "The backend or frontend answered more than 10 requests with 5xx in 5 minutes."
        namespace    = "AWS/ApplicationELB"
        metric       = "HTTPCode_Target_5XX_Count"
        dimensions   = { LoadBalancer = var.alb_arn_suffix }
        statistic    = "Sum"
        threshold    = 10
        missing_data = "notBreaching"
      }
      alb-latency-p95 = {
        enabled      = var.alb_arn_suffix != null
        description  = "95th percentile target response time above 1 s for 15 minutes."
        namespace    = "AWS/ApplicationELB"
        metric       = "TargetResponseTime"
        dimensions   = { LoadBalancer = var.alb_arn_suffix }
        statistic    = "p95"
        periods      = 3
        threshold    = 1
        missing_data = "notBreaching"
      }
      rds-replica-lag = {
        enabled     = var.rds_replica_identifier != null
        description = "The read replica is more than 60 s behind the primary; reads through DATABASE_READ_URL are stale."
        namespace   = "AWS/RDS"
        metric      = "ReplicaLag"
        dimensions  = { DBInstanceIdentifier = var.rds_replica_identifier }
        statistic   = "Maximum"
        period      = 60
        periods     = 5
        threshold   = 60
      }
    },
    # Redis: two alarms per node.
    { for node in local.cache_nodes : "cache-cpu-${node}" => {
      description = "Redis engine CPU above 80% for 15 minutes on ${node}."
      namespace   = "AWS/ElastiCache"
      metric      = "EngineCPUUtilization"
      dimensions  = { CacheClusterId = node }
      statistic   = "Average"
      periods     = 3
      threshold   = 80
    } },
    { for node in local.cache_nodes : "cache-memory-${node}" => {
      description = "Redis uses more than 80% of its memory on ${node}; keys will be evicted soon."
      namespace   = "AWS/ElastiCache"
      metric      = "DatabaseMemoryUsagePercentage"
      dimensions  = { CacheClusterId = node }
      statistic   = "Maximum"
      periods     = 2
      threshold   = 80
    } },
  )

  alarms = {
    for key, alarm in local.alarm_definitions : key => merge(local.alarm_defaults, alarm)
    if lookup(alarm, "enabled", true)
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = startswith(each.value.statistic, "p") ? null : each.value.statistic
  extended_statistic  = startswith(each.value.statistic, "p") ? each.value.statistic : null
  period              = each.value.period
  evaluation_periods  = each.value.periods
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  treat_missing_data  = each.value.missing_data
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
