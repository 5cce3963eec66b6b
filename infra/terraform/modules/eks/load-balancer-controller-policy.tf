# Permissions of the AWS Load Balancer Controller. It reads the network, certificates and WAF;
# it creates load balancers, target groups and security groups tagged with
# elbv2.k8s.aws/cluster, and changes or deletes only resources carrying that tag.

locals {
  lbc_tag = "elbv2.k8s.aws/cluster"

  lbc_security_groups = ["arn:${data.aws_partition.current.partition}:ec2:*:*:security-group/*"]
  lbc_elb             = "arn:${data.aws_partition.current.partition}:elasticloadbalancing:*:*"
  lbc_load_balancers = [
    "${local.lbc_elb}:targetgroup/*/*",
    "${local.lbc_elb}:loadbalancer/app/*/*",
    "${local.lbc_elb}:loadbalancer/net/*/*",
  ]

  # The policy's statements, in order. Besides its actions, resources and any other conditions,
  # a statement may hold the controller's tag to one of these:
  #   request_tag  = "present": the request sets the tag (what the controller creates is its own)
  #   request_tag  = "absent":  the request leaves the tag alone (retagging cannot claim a resource)
  #   resource_tag = "present": the resource already carries the tag (it touches only its own)
  lbc_statements = [
    {
      sid        = "CreateElbServiceLinkedRole"
      actions    = ["iam:CreateServiceLinkedRole"]
      resources  = ["*"]
      conditions = [{ test = "StringEquals", variable = "iam:AWSServiceName", values = ["elasticloadbalancing.amazonaws.com"] }]
    },
    {
      sid = "Read"
      actions = [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:DescribeRouteTables",
        "ec2:DescribeIpamPools",
        "ec2:DescribeCoipPools",
        "ec2:GetCoipPoolUsage",
        "ec2:GetSecurityGroupsForVpc",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeCapacityReservation",
      ]
      resources = ["*"]
    },
    {
      sid = "CertificatesWafShield"
      actions = [
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "cognito-idp:DescribeUserPoolClient",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ]
      resources = ["*"]
    },
    {
      sid       = "CreateSecurityGroups"
      actions   = ["ec2:CreateSecurityGroup"]
      resources = ["*"]
    },
    {
      sid         = "TagNewSecurityGroups"
      actions     = ["ec2:CreateTags"]
      resources   = local.lbc_security_groups
      conditions  = [{ test = "StringEquals", variable = "ec2:CreateAction", values = ["CreateSecurityGroup"] }]
      request_tag = "present"
    },
    {
      sid          = "RetagOwnSecurityGroups"
      actions      = ["ec2:CreateTags", "ec2:DeleteTags"]
      resources    = local.lbc_security_groups
      request_tag  = "absent"
      resource_tag = "present"
    },
    # Rules on the node security group let the ALB reach targets when the controller manages them.
    {
      sid       = "ManageSecurityGroupRules"
      actions   = ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]
      resources = ["*"]
    },
    {
      sid          = "DeleteOwnSecurityGroups"
      actions      = ["ec2:DeleteSecurityGroup"]
      resources    = ["*"]
      resource_tag = "present"
    },
    {
      sid         = "CreateTaggedLoadBalancers"
      actions     = ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"]
      resources   = ["*"]
      request_tag = "present"
    },
    {
      sid = "ManageListenersAndRules"
      actions = [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:SetWebAcl",
      ]
      resources = ["*"]
    },
    {
      sid          = "RetagOwnLoadBalancers"
      actions      = ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"]
      resources    = local.lbc_load_balancers
      request_tag  = "absent"
      resource_tag = "present"
    },
    {
      sid     = "TagListenersAndRules"
      actions = ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"]
      resources = [
        "${local.lbc_elb}:listener/app/*/*/*",
        "${local.lbc_elb}:listener/net/*/*/*",
        "${local.lbc_elb}:listener-rule/app/*/*/*",
        "${local.lbc_elb}:listener-rule/net/*/*/*",
      ]
    },
    {
      sid         = "TagOnCreate"
      actions     = ["elasticloadbalancing:AddTags"]
      resources   = local.lbc_load_balancers
      conditions  = [{ test = "StringEquals", variable = "elasticloadbalancing:CreateAction", values = ["CreateTargetGroup", "CreateLoadBalancer"] }]
      request_tag = "present"
    },
    {
      sid = "ModifyOwnLoadBalancers"
      actions = [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
      ]
      resources    = ["*"]
      resource_tag = "present"
    },
    {
      sid       = "RegisterTargets"
      actions   = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"]
      resources = ["${local.lbc_elb}:targetgroup/*/*"]
    },
  ]

  # A Null condition is true when the key is missing: "present" is Null = false.
  lbc_tag_keys = { request_tag = "aws:RequestTag", resource_tag = "aws:ResourceTag" }
}

data "aws_iam_policy_document" "load_balancer_controller" {
  dynamic "statement" {
    for_each = local.lbc_statements

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = concat(
          lookup(statement.value, "conditions", []),
          [
            for attribute, key in local.lbc_tag_keys : {
              test     = "Null"
              variable = "${key}/${local.lbc_tag}"
              values   = [tostring(statement.value[attribute] == "absent")]
            } if lookup(statement.value, attribute, null) != null
          ],
        )

        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}
