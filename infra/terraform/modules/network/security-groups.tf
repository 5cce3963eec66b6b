# The security groups of the seed's diagram, rule by rule:
#
#   ALB          80/443 from 0.0.0.0/0            the only group open to the internet
#   EKS nodes    443 from the ALB                  as drawn in the seed
#                backend_port, frontend_port       the pod ports the ALB targets (target-type ip:
#                  from the ALB                    with the VPC CNI, pod IPs sit on node ENIs
#                                                  and carry this group)
#   RDS          5432 from the EKS nodes only
#   ElastiCache  6379 from the EKS nodes only
#
# Node <-> control plane and node <-> node traffic is carried by the cluster security group that
# EKS creates and the eks module attaches to every node next to this one.

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Application Load Balancer: HTTP and HTTPS from the internet"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-alb" }
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from anywhere (redirected to HTTPS by the listener)"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from anywhere"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# The ALB talks to the nodes on exactly these ports, and the nodes accept exactly these ports from
# the ALB: one list feeds both sides, so they cannot drift apart.
locals {
  alb_target_ports = {
    https    = { port = 443, description = "HTTPS" }
    backend  = { port = var.backend_port, description = "gv-backend container port (target-type ip)" }
    frontend = { port = var.frontend_port, description = "gv-frontend container port (target-type ip)" }
  }
}

resource "aws_vpc_security_group_egress_rule" "alb_to_nodes" {
  for_each = local.alb_target_ports

  security_group_id            = aws_security_group.alb.id
  description                  = "${each.value.description} to the EKS nodes"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.eks_nodes.id
}

resource "aws_security_group" "eks_nodes" {
  name        = "${var.name}-eks-nodes"
  description = "EKS worker nodes and the pods on them"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-eks-nodes" }
}

resource "aws_vpc_security_group_ingress_rule" "eks_nodes_from_alb" {
  for_each = local.alb_target_ports

  security_group_id            = aws_security_group.eks_nodes.id
  description                  = "${each.value.description} from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.alb.id
}

# Nodes pull images, reach AWS APIs and talk to the database and cache; outbound stays open and
# leaves through the NAT gateways.
resource "aws_vpc_security_group_egress_rule" "eks_nodes_all" {
  security_group_id = aws_security_group.eks_nodes.id
  description       = "All outbound traffic"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

# RDS and ElastiCache answer on established connections only; they get no egress rules at all.
resource "aws_security_group" "rds" {
  name        = "${var.name}-rds"
  description = "PostgreSQL: reachable from the EKS nodes only"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-rds" }
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_eks_nodes" {
  security_group_id            = aws_security_group.rds.id
  description                  = "PostgreSQL from the EKS nodes"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.eks_nodes.id
}

resource "aws_security_group" "cache" {
  name        = "${var.name}-cache"
  description = "ElastiCache Redis: reachable from the EKS nodes only"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-cache" }
}

resource "aws_vpc_security_group_ingress_rule" "cache_from_eks_nodes" {
  security_group_id            = aws_security_group.cache.id
  description                  = "Redis from the EKS nodes"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = aws_security_group.eks_nodes.id
}
