# One CloudWatch dashboard for the environment, top to bottom in the order a request travels:
# WAF and ALB, the EKS nodes, PostgreSQL, Redis, then the application's own error logs.

locals {
  region = data.aws_region.current.region

  # The ALB is created by the AWS Load Balancer Controller, so its ARN is unknown here; a search
  # expression finds its metrics by the name the Ingress gives it.
  alb_search = "{AWS/ApplicationELB,LoadBalancer} ${var.alb_name}"

  rds_instances = compact([var.rds_instance_identifier, var.rds_replica_identifier])

  # The graphs, row by row from top to bottom; the graphs of a row share its 24 columns equally.
  # stat and period apply to every line of a graph; null leaves them to each line or to the
  # search expression.
  graph_rows = [
    [
      {
        title   = "ALB requests per minute"
        stat    = null
        period  = null
        metrics = [[{ expression = "SEARCH('${local.alb_search} MetricName=\"RequestCount\"', 'Sum', 60)", id = "requests", label = "requests" }]]
      },
      {
        title  = "ALB 5xx responses"
        stat   = null
        period = null
        metrics = [
          [{ expression = "SEARCH('${local.alb_search} MetricName=\"HTTPCode_Target_5XX_Count\"', 'Sum', 60)", id = "target5xx", label = "from targets" }],
          [{ expression = "SEARCH('${local.alb_search} MetricName=\"HTTPCode_ELB_5XX_Count\"', 'Sum', 60)", id = "elb5xx", label = "from the ALB" }],
        ]
      },
      {
        title  = "WAF allowed and blocked requests"
        stat   = "Sum"
        period = 300
        metrics = [
          ["AWS/WAFV2", "AllowedRequests", "WebACL", var.waf_web_acl_name, "Region", local.region, "Rule", "ALL"],
          ["AWS/WAFV2", "BlockedRequests", "WebACL", var.waf_web_acl_name, "Region", local.region, "Rule", "ALL"],
        ]
      },
    ],
    [
      {
        title   = "EKS nodes: CPU utilisation"
        stat    = "Average"
        period  = 300
        metrics = [for asg in var.node_autoscaling_group_names : ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", asg]]
      },
      {
        title   = "EKS nodes: network in and out"
        stat    = "Sum"
        period  = 300
        metrics = flatten([for asg in var.node_autoscaling_group_names : [["AWS/EC2", "NetworkIn", "AutoScalingGroupName", asg], ["AWS/EC2", "NetworkOut", "AutoScalingGroupName", asg]]])
      },
    ],
    [
      {
        title   = "PostgreSQL CPU"
        stat    = "Average"
        period  = 300
        metrics = [for db in local.rds_instances : ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", db]]
      },
      {
        title   = "PostgreSQL connections"
        stat    = "Maximum"
        period  = 60
        metrics = [for db in local.rds_instances : ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", db]]
      },
      {
        title  = "PostgreSQL latency, free storage, replica lag"
        stat   = null
        period = 300
        metrics = concat(
          [
            ["AWS/RDS", "ReadLatency", "DBInstanceIdentifier", var.rds_instance_identifier, { stat = "Average" }],
            ["AWS/RDS", "WriteLatency", "DBInstanceIdentifier", var.rds_instance_identifier, { stat = "Average" }],
            ["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", var.rds_instance_identifier, { stat = "Minimum", yAxis = "right" }],
          ],
          var.rds_replica_identifier == null ? [] : [["AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", var.rds_replica_identifier, { stat = "Maximum" }]],
        )
      },
    ],
    [
      {
        title   = "Redis engine CPU and memory"
        stat    = "Maximum"
        period  = 300
        metrics = flatten([for node in local.cache_nodes : [["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", node], ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", node]]])
      },
      {
        title   = "Redis connections"
        stat    = "Maximum"
        period  = 60
        metrics = [for node in local.cache_nodes : ["AWS/ElastiCache", "CurrConnections", "CacheClusterId", node]]
      },
      {
        title   = "Application error log lines"
        stat    = "Sum"
        period  = 300
        metrics = [["GVPlayground/${var.environment}", "ApplicationErrors"]]
      },
    ],
  ]

  graph_widgets = flatten([
    for row, graphs in local.graph_rows : [
      for column, graph in graphs : {
        type   = "metric"
        x      = column * 24 / length(graphs)
        y      = 2 + row * 6
        width  = 24 / length(graphs)
        height = 6
        properties = {
          for key, value in merge(graph, { region = local.region, view = "timeSeries" }) : key => value if value != null
        }
      }
    ]
  ])

  dashboard_widgets = concat(
    [
      {
        type = "text", x = 0, y = 0, width = 24, height = 2
        properties = {
          markdown = "## ${var.name}\nRequests flow top to bottom: WAF and ALB, EKS cluster **${var.cluster_name}**, PostgreSQL, Redis, application logs. Alarms go to SNS topic `${aws_sns_topic.alarms.name}`."
        }
      },
    ],
    local.graph_widgets,
    [
      {
        type = "log", x = 0, y = 2 + length(local.graph_rows) * 6, width = 24, height = 6
        properties = {
          title  = "Latest application errors"
          region = local.region
          view   = "table"
          query  = "SOURCE '${aws_cloudwatch_log_group.application.name}' | fields @timestamp, message, route, status, requestId | filter level = 'error' | sort @timestamp desc | limit 50"
        }
      },
    ],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
