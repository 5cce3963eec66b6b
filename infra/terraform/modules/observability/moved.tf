# The alarms used to be one resource each; they are now one resource over local.alarms. These
# blocks carry existing alarms over to their new addresses. The per-node Redis alarms have
# addresses that depend on the node names, which a moved block cannot compute: a plan replaces
# them once, which only resets their state to INSUFFICIENT_DATA for a few minutes.

moved {
  from = aws_cloudwatch_metric_alarm.application_errors
  to   = aws_cloudwatch_metric_alarm.this["application-errors"]
}

moved {
  from = aws_cloudwatch_metric_alarm.rds_cpu
  to   = aws_cloudwatch_metric_alarm.this["rds-cpu"]
}

moved {
  from = aws_cloudwatch_metric_alarm.rds_free_storage
  to   = aws_cloudwatch_metric_alarm.this["rds-free-storage"]
}

moved {
  from = aws_cloudwatch_metric_alarm.alb_target_5xx[0]
  to   = aws_cloudwatch_metric_alarm.this["alb-target-5xx"]
}

moved {
  from = aws_cloudwatch_metric_alarm.alb_latency_p95[0]
  to   = aws_cloudwatch_metric_alarm.this["alb-latency-p95"]
}

moved {
  from = aws_cloudwatch_metric_alarm.rds_replica_lag[0]
  to   = aws_cloudwatch_metric_alarm.this["rds-replica-lag"]
}
