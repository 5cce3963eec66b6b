# The rules between the ALB and the nodes used to be one resource per port; they are now one
# resource per direction over local.alb_target_ports. These blocks keep the existing rules (a
# replaced rule would cut traffic for a moment).

moved {
  from = aws_vpc_security_group_egress_rule.alb_to_nodes_https
  to   = aws_vpc_security_group_egress_rule.alb_to_nodes["https"]
}

moved {
  from = aws_vpc_security_group_egress_rule.alb_to_backend
  to   = aws_vpc_security_group_egress_rule.alb_to_nodes["backend"]
}

moved {
  from = aws_vpc_security_group_egress_rule.alb_to_frontend
  to   = aws_vpc_security_group_egress_rule.alb_to_nodes["frontend"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.eks_nodes_from_alb_https
  to   = aws_vpc_security_group_ingress_rule.eks_nodes_from_alb["https"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.eks_nodes_from_alb_backend
  to   = aws_vpc_security_group_ingress_rule.eks_nodes_from_alb["backend"]
}

moved {
  from = aws_vpc_security_group_ingress_rule.eks_nodes_from_alb_frontend
  to   = aws_vpc_security_group_ingress_rule.eks_nodes_from_alb["frontend"]
}
