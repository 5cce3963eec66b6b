// What the Terraform tests share: the parsed repository tree and the names the architecture fixes.
import path from 'node:path';
import { repoRoot } from '../../policy/support/tools.js';
import { loadTerraformTree, type TerraformTree } from '../../policy/terraform/terraform-tree.js';

export const terraformDir = path.join(repoRoot, 'infra/terraform');

/** The repository's infra/terraform, parsed (each test file loads it once, in a beforeAll). */
export function loadRepositoryTree(): Promise<TerraformTree> {
  return loadTerraformTree(terraformDir);
}

// gv-backend listens on 3000, gv-frontend (unprivileged nginx) on 8080; the ALB targets pod IPs.
export const CONTAINER_PORTS = [3000, 8080];

export const MODULES = [
  'bucket-protection',
  'cache',
  'ecr',
  'eks',
  'github-oidc',
  'mail',
  'network',
  'observability',
  'platform',
  'rds',
  'secrets',
  'waf',
];
// One root applied per environment with <environment>.tfvars and <environment>.s3.tfbackend.
export const ENVIRONMENT_ROOT = 'envs/platform';
export const ENVIRONMENTS = ['staging', 'production'];

// The outputs of each environment the workflows, the Kubernetes overlays (settings.env) and the
// docs read; renaming one breaks them.
export const ENVIRONMENT_OUTPUTS = [
  'alarm_topic_arn',
  'alb_name',
  'alb_security_group_id',
  'application_log_group_name',
  'backup_bucket_name',
  'certificate_arn',
  'cluster_endpoint',
  'cluster_name',
  'dashboard_name',
  'database_address',
  'database_read_address',
  'deploy_role_arn',
  'domain_name',
  'ecr_repository_urls',
  'environment',
  'irsa_role_arns',
  'kubeconfig_command',
  'mail_dkim_records',
  'nat_gateway_public_ips',
  'redis_primary_endpoint',
  'region',
  'secret_arns',
  'secret_names',
  'vpc_id',
  'waf_web_acl_arn',
];
