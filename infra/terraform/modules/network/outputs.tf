output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "Availability zones in subnet order."
  value       = var.availability_zones
}

output "public_subnet_ids" {
  description = "Public subnet IDs, one per availability zone (ALB, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "public_subnet_cidrs" {
  description = "Public subnet ranges, one per availability zone."
  value       = aws_subnet.public[*].cidr_block
}

output "private_subnet_ids" {
  description = "Private subnet IDs, one per availability zone (EKS nodes, RDS, ElastiCache)."
  value       = aws_subnet.private[*].id
}

output "private_subnet_cidrs" {
  description = "Private subnet ranges, one per availability zone."
  value       = aws_subnet.private[*].cidr_block
}

output "nat_gateway_public_ips" {
  description = "Public addresses the private subnets' outbound traffic leaves from (allow-list them at third parties)."
  value       = aws_eip.nat[*].public_ip
}

output "alb_security_group_id" {
  description = "Security group for the ALB; the Ingress names it in alb.ingress.kubernetes.io/security-groups."
  value       = aws_security_group.alb.id
}

output "eks_node_security_group_id" {
  description = "Security group attached to every EKS node (and so to every pod)."
  value       = aws_security_group.eks_nodes.id
}

output "rds_security_group_id" {
  description = "Security group of the PostgreSQL instances."
  value       = aws_security_group.rds.id
}

output "cache_security_group_id" {
  description = "Security group of the ElastiCache replication group."
  value       = aws_security_group.cache.id
}

output "flow_log_group_name" {
  description = "CloudWatch log group receiving the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
