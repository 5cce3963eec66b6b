# One CloudWatch dashboard for the environment, top to bottom in the order a request travels:
# WAF and ALB, the EKS nodes, PostgreSQL, Redis, then the application's own error logs.

locals {
  region = data.aws_region.current.region

  # The ALB is created by the AWS Load Balancer Controller, so its ARN is unknown here; a search
  # expression finds its metrics by the name the Ingress gives it.
  alb_search = "{AWS/ApplicationELB,LoadBalancer} ${var.alb_name}"

  rds_instances = compact([var.rds_instance_identifier, var.rds_replica_identifier])

  dashboard_widgets = [
    {
      type = "text", x = 0, y = 0, width = 24, height = 2
      properties = {
        markdown = "## ${var.name}\nRequests flow top to bottom: WAF and ALB, EKS cluster **${var.cluster_name}**, PostgreSQL, Redis, application logs. Alarms go to SNS topic `${aws_sns_topic.alarms.name}`."
      }
    },
    {
      type = "metric", x = 0, y = 2, width = 8, height = 6
      properties = {
        title  = "ALB requests per minute"
        region = local.region
        view   = "timeSeries"
        metrics = [
          [{ expression = "SEARCH('${local.alb_search} MetricName=\"RequestCount\"', 'Sum', 60)", id = "requests", label = "requests" }],
        ]
      }
    },
    {
      type = "metric", x = 8, y = 2, width = 8, height = 6
      properties = {
        title  = "ALB 5xx responses"
        region = local.region
        view   = "timeSeries"
        metrics = [
          [{ expression = "SEARCH('${local.alb_search} MetricName=\"HTTPCode_Target_5XX_Count\"', 'Sum', 60)", id = "target5xx", label = "from targets" }],
          [{ expression = "SEARCH('${local.alb_search} MetricName=\"HTTPCode_ELB_5XX_Count\"', 'Sum', 60)", id = "elb5xx", label = "from the ALB" }],
        ]
      }
    },
    {
      type = "metric", x = 16, y = 2, width = 8, height = 6
      properties = {
        title  = "WAF allowed and blocked requests"
        region = local.region
        view   = "timeSeries"
        stat   = "Sum"
        period = 300
        metrics = [
          ["AWS/WAFV2", "AllowedRequests", "WebACL", var.waf_web_acl_name, "Region", local.region, "Rule", "ALL"],
          ["AWS/WAFV2", "BlockedRequests", "WebACL", var.waf_web_acl_name, "Region", local.region, "Rule", "ALL"],
        ]
      }
    },
    {
      type = "metric", x = 0, y = 8, width = 12, height = 6
      properties = {
        title   = "EKS nodes: CPU utilisation"
        region  = local.region
        view    = "timeSeries"
        stat    = "Average"
        period  = 300
        metrics = [for asg in var.node_autoscaling_group_names : ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", asg]]
      }
    },
    {
      type = "metric", x = 12, y = 8, width = 12, height = 6
      properties = {
        title   = "EKS nodes: network in and out"
        region  = local.region
        view    = "timeSeries"
        stat    = "Sum"
        period  = 300
        metrics = flatten([for asg in var.node_autoscaling_group_names : [["AWS/EC2", "NetworkIn", "AutoScalingGroupName", asg], ["AWS/EC2", "NetworkOut", "AutoScalingGroupName", asg]]])
      }
    },
    {
      type = "metric", x = 0, y = 14, width = 8, height = 6
      properties = {
        title   = "PostgreSQL CPU"
        region  = local.region
        view    = "timeSeries"
        stat    = "Average"
        period  = 300
        metrics = [for db in local.rds_instances : ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", db]]
      }
    },
    {
      type = "metric", x = 8, y = 14, width = 8, height = 6
      properties = {
        title   = "PostgreSQL connections"
        region  = local.region
        view    = "timeSeries"
        stat    = "Maximum"
        period  = 60
        metrics = [for db in local.rds_instances : ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", db]]
      }
    },
    {
      type = "metric", x = 16, y = 14, width = 8, height = 6
      properties = {
        title  = "PostgreSQL latency, free storage, replica lag"
        region = local.region
        view   = "timeSeries"
        period = 300
        metrics = concat(
          [
            ["AWS/RDS", "ReadLatency", "DBInstanceIdentifier", var.rds_instance_identifier, { stat = "Average" }],
            ["AWS/RDS", "WriteLatency", "DBInstanceIdentifier", var.rds_instance_identifier, { stat = "Average" }],
            ["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", var.rds_instance_identifier, { stat = "Minimum", yAxis = "right" }],
          ],
          var.rds_replica_identifier == null ? [] : [["AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", var.rds_replica_identifier, { stat = "Maximum" }]],
        )
      }
    },
    {
      type = "metric", x = 0, y = 20, width = 12, height = 6
      properties = {
        title   = "Redis engine CPU and memory"
        region  = local.region
        view    = "timeSeries"
        stat    = "Maximum"
        period  = 300
        metrics = flatten([for node in local.cache_nodes : [["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", node], ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", node]]])
      }
    },
    {
      type = "metric", x = 12, y = 20, width = 12, height = 6
      properties = {
        title   = "Redis connections"
        region  = local.region
        view    = "timeSeries"
        stat    = "Maximum"
        period  = 60
        metrics = [for node in local.cache_nodes : ["AWS/ElastiCache", "CurrConnections", "CacheClusterId", node]]
      }
    },
    {
      type = "metric", x = 0, y = 26, width = 8, height = 6
      properties = {
        title   = "Application error log lines"
        region  = local.region
        view    = "timeSeries"
        stat    = "Sum"
        period  = 300
        metrics = [["GVPlayground/${var.environment}", "ApplicationErrors"]]
      }
    },
    {
      type = "log", x = 8, y = 26, width = 16, height = 6
      properties = {
        title  = "Latest application errors"
        region = local.region
        view   = "table"
        query  = "SOURCE '${aws_cloudwatch_log_group.application.name}' | fields @timestamp, message, route, status, requestId | filter level = 'error' | sort @timestamp desc | limit 50"
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
