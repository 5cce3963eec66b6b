// Holds infra/terraform to the seed's AWS architecture: the VPC diagram, the security groups,
// data protection, the EKS cluster and the GitHub OIDC deploy roles.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEncryption } from '../../policy/terraform/encryption.js';
import { environmentSizing } from '../../policy/terraform/environments.js';
import {
  SEED_NETWORK,
  checkSeedNetwork,
  checkSubnetWiring,
  subnetPlan,
} from '../../policy/terraform/network.js';
import { checkMailSender } from '../../policy/terraform/mail.js';
import { findSecretLiterals } from '../../policy/terraform/secrets.js';
import {
  checkInternetExposure,
  checkSecurityGroupRules,
  checkSecurityGroupWiring,
} from '../../policy/terraform/security-groups.js';
import {
  type Block,
  type HclObject,
  findBlock,
  getConfig,
  getEnvironment,
  labeledBlocks,
  localValues,
  moduleInput,
  nested,
  typedBlocks,
} from '../../policy/terraform/terraform-tree.js';
import {
  CONTAINER_PORTS,
  ENVIRONMENTS,
  loadRepositoryTree,
  terraformDir,
} from './terraform-names.js';

const tree = await loadRepositoryTree();

function filesUnder(
  dir: string,
  accept: (name: string) => boolean,
): { name: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => accept(name) && !name.split(path.sep).includes('.terraform'))
    .map((name) => ({
      name: `infra/terraform/${name}`,
      text: readFileSync(path.join(dir, name), 'utf8'),
    }));
}

describe('network (the seed VPC diagram)', () => {
  it.each(ENVIRONMENTS)('%s gets exactly the seed CIDRs and availability zones', (environment) => {
    const plan = subnetPlan(tree, getEnvironment(tree, environment));
    expect(plan).toEqual(SEED_NETWORK);
    expect(checkSeedNetwork(plan)).toEqual([]);
  });

  it('the VPC and subnets are built from those values', () => {
    expect(checkSubnetWiring(tree)).toEqual([]);
  });

  it('staging shares one NAT gateway, production has one per zone', () => {
    expect(environmentSizing(tree, getEnvironment(tree, 'staging')).singleNatGateway).toBe(true);
    expect(environmentSizing(tree, getEnvironment(tree, 'production')).singleNatGateway).toBe(
      false,
    );
  });

  it('tags the subnets for the AWS Load Balancer Controller', () => {
    const subnets = typedBlocks(getConfig(tree, 'modules/network'), 'resource', 'aws_subnet');
    expect(findBlock(subnets, 'public')?.body.tags).toMatchObject({
      'kubernetes.io/role/elb': '1',
    });
    expect(findBlock(subnets, 'private')?.body.tags).toMatchObject({
      'kubernetes.io/role/internal-elb': '1',
    });
  });
});

describe('security groups (the seed security-group diagram)', () => {
  it('only the ALB group is open to the internet, and only on 80 and 443', () => {
    expect(checkInternetExposure(tree)).toEqual([]);
  });

  it('RDS takes 5432 and ElastiCache 6379 from the EKS nodes only; the nodes take 443 and the container ports from the ALB only', () => {
    expect(checkSecurityGroupRules(tree, CONTAINER_PORTS)).toEqual([]);
  });

  it('each database, cache and node sits behind its group, and no database is public', () => {
    expect(checkSecurityGroupWiring(tree)).toEqual([]);
  });
});

describe('data protection', () => {
  it('encrypts RDS, ElastiCache, ECR, Secrets Manager, EKS secrets, S3 buckets (the state bucket too), SNS and node volumes', () => {
    expect(checkEncryption(tree)).toEqual([]);
    const stateBucket = typedBlocks(getConfig(tree, 'bootstrap'), 'resource', 'aws_s3_bucket');
    expect(stateBucket.map((bucket) => bucket.name)).toEqual(['state']);
  });

  it('holds no secret-looking literal in any Terraform, example or README file', () => {
    const extra = filesUnder(
      terraformDir,
      (name) => name.endsWith('.example') || name.endsWith('.md'),
    );
    expect(extra.length).toBeGreaterThan(0);
    expect(findSecretLiterals(tree, extra)).toEqual([]);
  });

  it('writes the database password and JWT secret only through write-only arguments', () => {
    const database = findBlock(
      typedBlocks(getConfig(tree, 'modules/rds'), 'resource', 'aws_db_instance'),
      'primary',
    );
    expect(database?.body).toMatchObject({ password_wo: '${var.master_password}' });
    expect(database?.body).not.toHaveProperty('password');
    const variable = findBlock(
      labeledBlocks(getConfig(tree, 'modules/rds'), 'variable'),
      'master_password',
    );
    expect(variable?.body).toMatchObject({ ephemeral: true, sensitive: true });
    const versions = typedBlocks(
      getConfig(tree, 'modules/secrets'),
      'resource',
      'aws_secretsmanager_secret_version',
    );
    expect(versions.map((version) => version.name).sort()).toEqual([
      'database_url',
      'jwt_secret',
      'redis_auth',
      'smtp',
    ]);
    for (const version of versions) {
      expect(version.body).toHaveProperty('secret_string_wo');
      expect(version.body).not.toHaveProperty('secret_string');
    }
  });

  it('names the secrets the way the Kubernetes ExternalSecret reads them', () => {
    const secrets = localValues(getConfig(tree, 'modules/secrets')).secret_definitions as HclObject;
    const names = Object.values(secrets)
      .map((secret) => (secret as HclObject).name)
      .sort();
    expect(names).toEqual([
      '${var.name_prefix}/database-url',
      '${var.name_prefix}/jwt-secret',
      '${var.name_prefix}/redis-auth',
      '${var.name_prefix}/smtp',
    ]);
    for (const name of ENVIRONMENTS) {
      const environment = getEnvironment(tree, name);
      expect(environment.values.environment).toBe(name);
      expect(moduleInput(tree, environment, 'modules/secrets', 'name_prefix')).toBe(
        `gv-playground/${name}`,
      );
    }
  });
});

describe('mail (SES)', () => {
  const mail = () => getConfig(tree, 'modules/mail');

  it('the SMTP user may only send, from the SES identity only', () => {
    expect(checkMailSender(tree)).toEqual([]);
    const policy = findBlock(typedBlocks(mail(), 'resource', 'aws_iam_user_policy'), 'send');
    expect(policy?.body).toMatchObject({
      user: '${aws_iam_user.smtp.name}',
      policy: '${data.aws_iam_policy_document.send.json}',
    });
    const document = findBlock(typedBlocks(mail(), 'data', 'aws_iam_policy_document'), 'send');
    expect(document?.body.statement).toEqual([
      expect.objectContaining({
        actions: ['ses:SendRawEmail'],
        resources: ['${aws_sesv2_email_identity.this.arn}'],
      }),
    ]);
  });

  it('verifies the domain with 2048-bit Easy DKIM and outputs the CNAME records to publish', () => {
    const identity = findBlock(typedBlocks(mail(), 'resource', 'aws_sesv2_email_identity'), 'this');
    expect(identity?.body.email_identity).toBe('${var.domain}');
    expect(nested(identity?.body, 'dkim_signing_attributes')).toEqual({
      next_signing_key_length: 'RSA_2048_BIT',
    });
    const output = findBlock(labeledBlocks(mail(), 'output'), 'dkim_records');
    expect(String(output?.body.value)).toContain('${token}.dkim.amazonses.com');
    expect(String(output?.body.value)).toContain('${token}._domainkey.${var.domain}');
  });

  it('stores SMTP_URL in the secrets module, over TLS, encrypted with its key, rewritten with a new key', () => {
    const secrets = getConfig(tree, 'modules/secrets');
    const secret = findBlock(typedBlocks(secrets, 'resource', 'aws_secretsmanager_secret'), 'this');
    expect(secret?.body.kms_key_id).toBe('${aws_kms_key.this.arn}');
    const version = findBlock(
      typedBlocks(secrets, 'resource', 'aws_secretsmanager_secret_version'),
      'smtp',
    );
    expect(String(version?.body.secret_string_wo)).toMatch(/SMTP_URL = "smtps:\/\//);
    expect(nested(version?.body, 'lifecycle')?.replace_triggered_by).toEqual([
      '${terraform_data.smtp_endpoint}',
    ]);
    const output = findBlock(labeledBlocks(mail(), 'output'), 'smtp_password');
    expect(output?.body.sensitive).toBe(true);
    const key = findBlock(typedBlocks(mail(), 'resource', 'aws_iam_access_key'), 'smtp');
    expect(nested(key?.body, 'lifecycle')).toMatchObject({
      create_before_destroy: true,
      replace_triggered_by: ['${terraform_data.credentials_version}'],
    });
  });

  it.each(ENVIRONMENTS)('%s sends mail from the domain it is served on', (name) => {
    expect(getEnvironment(tree, name).values.mail_enabled).toBe(true);
    const call = findBlock(labeledBlocks(getConfig(tree, 'envs/platform'), 'module'), 'platform');
    expect(call?.body.mail_domain).toBe('${var.domain_name}');
    const mailCall = findBlock(
      labeledBlocks(getConfig(tree, 'modules/platform'), 'module'),
      'mail',
    );
    expect(mailCall?.body).toMatchObject({
      domain: '${var.mail_domain}',
      count: '${var.settings.mail_enabled ? 1 : 0}',
    });
  });
});

describe('EKS (the seed cluster diagram)', () => {
  const eks = () => getConfig(tree, 'modules/eks');

  it('pins the Kubernetes version and sends every control-plane log to CloudWatch', () => {
    const version = findBlock(labeledBlocks(eks(), 'variable'), 'kubernetes_version');
    expect(version?.body.default).toMatch(/^1\.\d{2}$/);
    const cluster = findBlock(typedBlocks(eks(), 'resource', 'aws_eks_cluster'), 'this');
    expect(cluster?.body.version).toBe('${var.kubernetes_version}');
    expect(cluster?.body.enabled_cluster_log_types).toEqual([
      'api',
      'audit',
      'authenticator',
      'controllerManager',
      'scheduler',
    ]);
  });

  it('keeps containers away from the node role: IMDSv2 only, one network hop', () => {
    const template = findBlock(typedBlocks(eks(), 'resource', 'aws_launch_template'), 'nodes');
    expect(nested(template?.body, 'metadata_options')).toMatchObject({
      http_tokens: 'required',
      http_put_response_hop_limit: 1,
    });
  });

  it('runs the managed add-ons the seed cluster needs', () => {
    const addons = typedBlocks(eks(), 'resource', 'aws_eks_addon').map(
      (addon) => addon.body.addon_name,
    );
    expect(addons.sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'kube-proxy', 'vpc-cni']);
  });

  it('gives IRSA roles to exactly the service accounts the cluster runs', () => {
    const defaults = Object.fromEntries(
      labeledBlocks(eks(), 'variable').map((variable) => [variable.name, variable.body.default]),
    );
    const accounts = localValues(eks()).service_accounts as Record<string, string>;
    const resolved = Object.values(accounts).map((account) =>
      account.replace(/\$\{var\.(\w+)\}/g, (_, name: string) => String(defaults[name])),
    );
    expect(resolved.sort()).toEqual([
      'external-secrets:external-secrets',
      'gv-playground:gv-backend',
      'gv-playground:gv-backup',
      'kube-system:aws-load-balancer-controller',
      'kube-system:cluster-autoscaler',
      'kube-system:ebs-csi-controller-sa',
    ]);
  });

  it.each([
    [
      'staging',
      {
        nodeInstanceType: 't3.medium',
        nodeDesiredSize: 3,
        databaseInstanceClass: 'db.t3.micro',
        multiAz: false,
        readReplica: false,
        deletionProtection: false,
        cacheNodes: 1,
      },
    ],
    [
      'production',
      {
        nodeInstanceType: 't3.medium',
        nodeDesiredSize: 3,
        databaseInstanceClass: 'db.t3.small',
        multiAz: true,
        readReplica: true,
        deletionProtection: true,
        cacheNodes: 2,
      },
    ],
  ])('%s is sized as the seed scaling section says', (environment, expected) => {
    expect(environmentSizing(tree, getEnvironment(tree, environment))).toMatchObject(expected);
  });
});

describe('GitHub OIDC deploy roles', () => {
  const oidc = () => getConfig(tree, 'modules/github-oidc');

  it('trusts only jobs in one GitHub environment of this repository', () => {
    const trust = findBlock(typedBlocks(oidc(), 'data', 'aws_iam_policy_document'), 'trust');
    const conditions = (nested(trust?.body, 'statement')?.condition ?? []) as HclObject[];
    expect(conditions).toContainEqual({
      test: 'StringEquals',
      variable: '${local.github_oidc_host}:sub',
      values: ['repo:${var.github_owner}/${var.github_repository}:environment:${each.key}'],
    });
    expect(conditions).toContainEqual({
      test: 'StringEquals',
      variable: '${local.github_oidc_host}:aud',
      values: ['sts.amazonaws.com'],
    });
  });

  it('grants ECR and eks:DescribeCluster only, with "*" only for the ECR login', () => {
    const policy = findBlock(
      typedBlocks(oidc(), 'data', 'aws_iam_policy_document'),
      'deploy',
    ) as Block;
    const statements = [
      ...((policy.body.statement ?? []) as HclObject[]),
      ...((nested(policy.body, 'dynamic')?.statement ?? []) as HclObject[]).map(
        (dynamic) => nested(dynamic, 'content') as HclObject,
      ),
    ];
    const actions = statements.flatMap((statement) => statement.actions as string[]);
    expect(
      actions.every((action) => action.startsWith('ecr:') || action === 'eks:DescribeCluster'),
    ).toBe(true);
    for (const statement of statements.filter(
      (candidate) => JSON.stringify(candidate.resources) === '["*"]',
    )) {
      expect(statement.actions).toEqual(['ecr:GetAuthorizationToken']);
    }
  });

  it('lets staging push images and production only read them', () => {
    const call = findBlock(labeledBlocks(getConfig(tree, 'envs/shared'), 'module'), 'github_oidc');
    expect(call?.body.environments).toMatchObject({
      staging: { ecr_push: true },
      production: { ecr_push: false },
    });
  });
});
