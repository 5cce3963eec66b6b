# IAM roles for service accounts (IRSA): a pod running as one of these Kubernetes
# ServiceAccounts can assume the matching IAM role, and nothing else can.

data "tls_certificate" "oidc_issuer" {
  url = aws_eks_cluster.this.identity[0].oidc[0].issuer
}

resource "aws_iam_openid_connect_provider" "this" {
  url             = aws_eks_cluster.this.identity[0].oidc[0].issuer
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = [data.tls_certificate.oidc_issuer.certificates[0].sha1_fingerprint]
}

locals {
  oidc_issuer = trimprefix(aws_eks_cluster.this.identity[0].oidc[0].issuer, "https://")

  # role key => "namespace:serviceaccount"
  service_accounts = {
    load_balancer_controller = "kube-system:aws-load-balancer-controller"
    cluster_autoscaler       = "kube-system:cluster-autoscaler"
    ebs_csi_driver           = "kube-system:ebs-csi-controller-sa"
    external_secrets         = "external-secrets:external-secrets"
    backend                  = "${var.app_namespace}:${var.backend_service_account}"
    backup                   = "${var.app_namespace}:${var.backup_service_account}"
  }

  role_names = { for key in keys(local.service_accounts) : key => "${var.cluster_name}-${replace(key, "_", "-")}" }

  # Built from the name rather than the resource so the backend role's trust policy does not
  # depend on the role it trusts.
  external_secrets_role_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${local.role_names.external_secrets}"
}

data "aws_iam_policy_document" "irsa_trust" {
  for_each = local.service_accounts

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.this.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${each.value}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }

  # The External Secrets controller may act as the backend to read the backend's secrets
  # (SecretStore provider.aws.role = backend role ARN). Secrets Manager then sees the backend
  # role, the only principal its resource policies let read.
  dynamic "statement" {
    for_each = each.key == "backend" ? [local.external_secrets_role_arn] : []

    content {
      actions = ["sts:AssumeRole", "sts:TagSession"]

      principals {
        type        = "AWS"
        identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:PrincipalArn"
        values   = [statement.value]
      }
    }
  }
}

resource "aws_iam_role" "irsa" {
  for_each = local.service_accounts

  name               = local.role_names[each.key]
  description        = "IRSA role of ${each.value} in ${var.cluster_name}"
  assume_role_policy = data.aws_iam_policy_document.irsa_trust[each.key].json
}

# --- AWS Load Balancer Controller: turns the Ingress into the ALB (policy in load-balancer-controller-policy.tf)

resource "aws_iam_role_policy" "load_balancer_controller" {
  name   = "aws-load-balancer-controller"
  role   = aws_iam_role.irsa["load_balancer_controller"].id
  policy = data.aws_iam_policy_document.load_balancer_controller.json
}

# --- Cluster autoscaler: grows and shrinks this cluster's node groups, and only this cluster's

data "aws_iam_policy_document" "cluster_autoscaler" {
  statement {
    sid = "Discover"
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "autoscaling:DescribeTags",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
      "eks:DescribeNodegroup",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ScaleOwnNodeGroups"
    actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
    resources = ["*"]

    # EKS tags the Auto Scaling groups of its managed node groups with this key.
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/k8s.io/cluster-autoscaler/${var.cluster_name}"
      values   = ["owned"]
    }
  }
}

resource "aws_iam_role_policy" "cluster_autoscaler" {
  name   = "cluster-autoscaler"
  role   = aws_iam_role.irsa["cluster_autoscaler"].id
  policy = data.aws_iam_policy_document.cluster_autoscaler.json
}

# --- EBS CSI driver: persistent volumes (Prometheus, Grafana) as encrypted EBS volumes

resource "aws_iam_role_policy_attachment" "ebs_csi_driver" {
  role       = aws_iam_role.irsa["ebs_csi_driver"].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

# --- External Secrets: holds no secret permissions itself; it may only become the backend role

data "aws_iam_policy_document" "external_secrets" {
  statement {
    actions   = ["sts:AssumeRole", "sts:TagSession"]
    resources = [aws_iam_role.irsa["backend"].arn]
  }
}

resource "aws_iam_role_policy" "external_secrets" {
  name   = "assume-backend-role"
  role   = aws_iam_role.irsa["external_secrets"].id
  policy = data.aws_iam_policy_document.external_secrets.json
}

# --- Backend: its secret-reading permission is attached by the secrets module, next to the
#     secrets it covers.

# --- Backup CronJob: writes pg_dump files into the backup bucket; cannot read or delete them.

data "aws_iam_policy_document" "backup" {
  statement {
    sid       = "WriteDumps"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${var.backup_bucket_arn}/*"]
  }

  statement {
    sid       = "ListDumps"
    actions   = ["s3:ListBucket"]
    resources = [var.backup_bucket_arn]
  }

  statement {
    sid       = "EncryptDumps"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.backup_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "backup" {
  name   = "write-database-backups"
  role   = aws_iam_role.irsa["backup"].id
  policy = data.aws_iam_policy_document.backup.json
}
