output "cluster_name" {
  description = "Name of the EKS cluster (aws eks update-kubeconfig --name ...)."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the EKS cluster."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the API server."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the control plane; also attached to every node."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "kubernetes_version" {
  description = "Kubernetes minor version of the cluster."
  value       = aws_eks_cluster.this.version
}

output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider for IRSA trust policies."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "oidc_issuer" {
  description = "OIDC issuer host and path (no https://), the prefix of IRSA condition keys."
  value       = local.oidc_issuer
}

output "node_group_name" {
  description = "Name of the managed node group."
  value       = aws_eks_node_group.default.node_group_name
}

output "node_autoscaling_group_names" {
  description = "Auto Scaling groups behind the managed node group (for dashboards)."
  value       = [for asg in aws_eks_node_group.default.resources[0].autoscaling_groups : asg.name]
}

output "node_role_arn" {
  description = "IAM role of the worker nodes."
  value       = aws_iam_role.nodes.arn
}

output "secrets_kms_key_arn" {
  description = "KMS key that envelope-encrypts Kubernetes Secrets."
  value       = aws_kms_key.secrets.arn
}

output "control_plane_log_group_name" {
  description = "CloudWatch log group of the control-plane logs."
  value       = aws_cloudwatch_log_group.control_plane.name
}

output "load_balancer_controller_role_arn" {
  description = "IRSA role for kube-system:aws-load-balancer-controller (ServiceAccount annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.irsa["load_balancer_controller"].arn
}

output "cluster_autoscaler_role_arn" {
  description = "IRSA role for kube-system:cluster-autoscaler."
  value       = aws_iam_role.irsa["cluster_autoscaler"].arn
}

output "ebs_csi_driver_role_arn" {
  description = "IRSA role of the EBS CSI driver add-on."
  value       = aws_iam_role.irsa["ebs_csi_driver"].arn
}

output "external_secrets_role_arn" {
  description = "IRSA role for external-secrets:external-secrets; it may only assume backend_role_arn."
  value       = aws_iam_role.irsa["external_secrets"].arn
}

output "backend_role_arn" {
  description = "IRSA role of gv-backend; the only role that can read the application secrets."
  value       = aws_iam_role.irsa["backend"].arn
}

output "backend_role_name" {
  description = "Name of the backend IRSA role (the secrets module attaches its read policy to it)."
  value       = aws_iam_role.irsa["backend"].name
}

output "backup_role_arn" {
  description = "IRSA role of the backup CronJob's ServiceAccount."
  value       = aws_iam_role.irsa["backup"].arn
}
