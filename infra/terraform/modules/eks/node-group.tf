# The managed node group from the seed's cluster diagram: t3.medium nodes spread over the three
# private subnets, scaled by the cluster autoscaler between node_min_size and node_max_size.

data "aws_iam_policy_document" "nodes_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "nodes" {
  name               = "${var.cluster_name}-nodes"
  assume_role_policy = data.aws_iam_policy_document.nodes_assume.json
}

resource "aws_iam_role_policy_attachment" "nodes" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryPullOnly",
    # Shell access through Session Manager instead of SSH keys and an open port 22.
    "AmazonSSMManagedInstanceCore",
  ])

  role       = aws_iam_role.nodes.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/${each.key}"
}

resource "aws_launch_template" "nodes" {
  name_prefix            = "${var.cluster_name}-nodes-"
  description            = "Worker nodes of ${var.cluster_name}"
  update_default_version = true

  # Listing security groups here replaces the EKS default, so the cluster security group (node <->
  # control plane, node <-> node) is attached explicitly next to the seed's EKS node group.
  vpc_security_group_ids = [
    var.node_security_group_id,
    aws_eks_cluster.this.vpc_config[0].cluster_security_group_id,
  ]

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
    # 1 keeps containers away from the node role's credentials: only processes on the host
    # network (kubelet, vpc-cni, kube-proxy) reach the metadata service. Pods use IRSA, and the
    # controllers get region and VPC from their configuration.
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.node_disk_size_gb
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${var.cluster_name}-node" }
  }

  tag_specifications {
    resource_type = "volume"
    tags          = { Name = "${var.cluster_name}-node" }
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name           = aws_eks_cluster.this.name
  node_group_name_prefix = "${var.cluster_name}-"
  node_role_arn          = aws_iam_role.nodes.arn
  subnet_ids             = var.private_subnet_ids

  ami_type       = "AL2023_x86_64_STANDARD"
  capacity_type  = "ON_DEMAND"
  instance_types = [var.node_instance_type]

  scaling_config {
    desired_size = var.node_desired_size
    min_size     = var.node_min_size
    max_size     = var.node_max_size
  }

  update_config {
    max_unavailable = 1
  }

  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }

  labels = {
    "gv-playground/node-group" = "default"
  }

  lifecycle {
    # Changing the instance type replaces the node group; the new one is created (and its nodes
    # join) before the old one is drained and deleted.
    create_before_destroy = true
    # The cluster autoscaler moves desired_size; Terraform must not move it back.
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [
    aws_iam_role_policy_attachment.nodes,
    # Nodes only become Ready once the pod network exists.
    aws_eks_addon.vpc_cni,
    aws_eks_addon.kube_proxy,
  ]
}
