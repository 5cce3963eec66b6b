// Holds infra/terraform to the seed's AWS architecture without AWS or providers: the format check,
// invariants over the HCL parsed to JSON, and proof that each invariant check fails on code broken
// the way it guards against.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findTool, missingTool, repoRoot } from '../../policy/support/tools.js';
import { checkEncryption } from '../../policy/terraform/encryption.js';
import { checkEnvironmentFiles, environmentSizing } from '../../policy/terraform/environments.js';
import {
  checkModuleCalls,
  checkModuleReadme,
  checkMovedBlocks,
  checkOutputsAreDescribed,
  checkReferences,
  checkVariablesAreTypedAndDescribed,
} from '../../policy/terraform/interfaces.js';
import {
  SEED_NETWORK,
  checkSeedNetwork,
  checkSubnetWiring,
  subnetPlan,
} from '../../policy/terraform/network.js';
import { findSecretLiterals } from '../../policy/terraform/secrets.js';
import {
  checkInternetExposure,
  checkSecurityGroupRules,
  checkSecurityGroupWiring,
} from '../../policy/terraform/security-groups.js';
import { checkBackends, checkVersionPins } from '../../policy/terraform/versions-and-backends.js';
import {
  type Block,
  type HclObject,
  type TerraformTree,
  environments,
  findBlock,
  getConfig,
  getEnvironment,
  labeledBlocks,
  localValues,
  moduleInput,
  moduleSourceDir,
  nested,
  terraformSettings,
  typedBlocks,
  loadTerraformTree,
} from '../../policy/terraform/terraform-tree.js';

const terraformDir = path.join(repoRoot, 'infra/terraform');

// gv-backend listens on 3000, gv-frontend (unprivileged nginx) on 8080; the ALB targets pod IPs.
const CONTAINER_PORTS = [3000, 8080];

const MODULES = [
  'cache',
  'ecr',
  'eks',
  'github-oidc',
  'network',
  'observability',
  'platform',
  'rds',
  'secrets',
  'waf',
];
// One root applied per environment with <environment>.tfvars and <environment>.s3.tfbackend.
const ENVIRONMENT_ROOT = 'envs/platform';
const ENVIRONMENTS = ['staging', 'production'];

// The outputs of each environment the workflows, the Kubernetes overlays (settings.env) and the
// docs read; renaming one breaks them.
const ENVIRONMENT_OUTPUTS = [
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
  'nat_gateway_public_ips',
  'redis_primary_endpoint',
  'region',
  'secret_arns',
  'secret_names',
  'vpc_id',
  'waf_web_acl_arn',
];

let tree: TerraformTree;

beforeAll(async () => {
  tree = await loadTerraformTree(terraformDir);
});

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

describe.skipIf(missingTool('terraform', 'install the terraform CLI'))('terraform fmt', () => {
  it('every .tf file under infra/terraform is formatted', () => {
    const result = spawnSync(
      findTool('terraform') ?? 'terraform',
      ['fmt', '-check', '-recursive', '-diff', 'infra/terraform'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(result.stdout, 'run: terraform fmt -recursive infra/terraform').toBe('');
    expect(result.status).toBe(0);
  });
});

describe('layout', () => {
  it('has the bootstrap, the shared account resources, the environment root and every module', () => {
    const dirs = tree.configs.map((config) => config.dir);
    expect(dirs).toEqual(
      expect.arrayContaining([
        'bootstrap',
        'envs/shared',
        ENVIRONMENT_ROOT,
        ...MODULES.map((name) => `modules/${name}`),
      ]),
    );
    expect(dirs).toHaveLength(3 + MODULES.length);
  });

  it('both environments are the one root with their own .tfvars and state key', () => {
    expect(
      environments(tree)
        .map((environment) => [environment.name, environment.dir])
        .sort(),
    ).toEqual(ENVIRONMENTS.map((name) => [name, ENVIRONMENT_ROOT]).sort());
    for (const environment of environments(tree)) {
      expect(environment.backend, environment.name).toEqual({
        key: `${environment.name}/terraform.tfstate`,
      });
    }
  });

  it("each environment's .tfvars sets declared variables only, the same ones as the other", () => {
    expect(checkEnvironmentFiles(tree)).toEqual([]);
  });

  it('every variable is typed and described, every output described', () => {
    expect(checkVariablesAreTypedAndDescribed(tree)).toEqual([]);
    expect(checkOutputsAreDescribed(tree)).toEqual([]);
  });

  it('every module call passes only declared variables and all required ones', () => {
    expect(checkModuleCalls(tree)).toEqual([]);
  });

  it('every reference (var, local, module output, resource, data) resolves', () => {
    expect(checkReferences(tree)).toEqual([]);
  });

  it('every configuration requires Terraform >= 1.11 and pins each provider it uses', () => {
    expect(checkVersionPins(tree)).toEqual([]);
  });

  it('every environment keeps its state in S3 with native locking and encryption', () => {
    expect(checkBackends(tree)).toEqual([]);
    expect(
      terraformSettings(getConfig(tree, 'bootstrap')).some((block) => 'backend' in block),
    ).toBe(false);
  });

  it('moved blocks lead existing states from the old addresses to the new ones', () => {
    expect(checkMovedBlocks(tree)).toEqual([]);
  });

  it.each([ENVIRONMENT_ROOT])(
    '%s is one call of modules/platform, passing on its outputs under the same names',
    (root) => {
      const config = getConfig(tree, root);
      const calls = labeledBlocks(config, 'module');
      expect(calls.map((call) => [call.name, moduleSourceDir(call)])).toEqual([
        ['platform', 'modules/platform'],
      ]);
      for (const kind of ['resource', 'data', 'ephemeral'] as const) {
        expect(
          typedBlocks(config, kind).map((block) => block.name),
          kind,
        ).toEqual([]);
      }
      const outputs = labeledBlocks(config, 'output');
      expect(outputs.map((output) => output.name).sort()).toEqual(ENVIRONMENT_OUTPUTS);
      const platformOutputs = new Set(
        labeledBlocks(getConfig(tree, 'modules/platform'), 'output').map((output) => output.name),
      );
      for (const output of outputs) {
        const expected = platformOutputs.has(output.name)
          ? `\${module.platform.${output.name}}`
          : `\${var.${output.name}}`;
        expect(output.body.value, output.name).toBe(expected);
      }
    },
  );

  it.each(MODULES)('modules/%s has a README documenting every input and output', (name) => {
    const readmePath = path.join(terraformDir, 'modules', name, 'README.md');
    const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined;
    expect(checkModuleReadme(getConfig(tree, `modules/${name}`), readme)).toEqual([]);
  });
});

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
    ]);
    for (const version of versions) {
      expect(version.body).toHaveProperty('secret_string_wo');
      expect(version.body).not.toHaveProperty('secret_string');
    }
  });

  it('names the secrets the way the Kubernetes ExternalSecret reads them', () => {
    const secrets = localValues(getConfig(tree, 'modules/secrets')).secrets as HclObject;
    const names = Object.values(secrets)
      .map((secret) => (secret as HclObject).name)
      .sort();
    expect(names).toEqual([
      '${var.name_prefix}/database-url',
      '${var.name_prefix}/jwt-secret',
      '${var.name_prefix}/redis-auth',
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

describe('the invariant checks fail on broken code', () => {
  function broken(): TerraformTree {
    return structuredClone(tree);
  }

  function moduleCall(copy: TerraformTree, environment: string, name: string): HclObject {
    const call = findBlock(labeledBlocks(getConfig(copy, environment), 'module'), name);
    if (!call) throw new Error(`${environment} does not call module ${name}`);
    return call.body;
  }

  function addResource(
    copy: TerraformTree,
    dir: string,
    type: string,
    name: string,
    body: HclObject,
  ) {
    getConfig(copy, dir).files.push({
      name: 'injected.tf',
      text: '',
      body: { resource: { [type]: { [name]: [body] } } },
    });
  }

  it('a changed CIDR', () => {
    const copy = broken();
    const vpcCidr = findBlock(
      labeledBlocks(getConfig(copy, 'modules/network'), 'variable'),
      'vpc_cidr',
    );
    if (vpcCidr) vpcCidr.body.default = '10.1.0.0/16';
    expect(
      checkSeedNetwork(subnetPlan(copy, getEnvironment(copy, 'staging'))).join('\n'),
    ).toContain('VPC CIDR is "10.1.0.0/16"');
  });

  it('overlapping subnets', () => {
    const copy = broken();
    moduleCall(copy, 'modules/platform', 'network').private_subnet_netnums = [1, 12, 13];
    expect(checkSeedNetwork(subnetPlan(copy, getEnvironment(copy, 'production')))).toContain(
      '10.0.1.0/24 overlaps 10.0.1.0/24',
    );
  });

  it('SSH on the nodes opened to the internet', () => {
    const copy = broken();
    addResource(copy, 'modules/network', 'aws_vpc_security_group_ingress_rule', 'eks_nodes_ssh', {
      security_group_id: '${aws_security_group.eks_nodes.id}',
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      cidr_ipv4: '0.0.0.0/0',
    });
    expect(checkInternetExposure(copy)).toEqual([
      'modules/network/injected.tf: resource aws_vpc_security_group_ingress_rule.eks_nodes_ssh (tcp 22 from 0.0.0.0/0) opens a non-ALB port or group to the internet',
    ]);
    expect(checkSecurityGroupRules(copy, CONTAINER_PORTS).join('\n')).toContain('eks_nodes_ssh');
  });

  it('an ALB port other than 80/443, and the database opened to the whole VPC', () => {
    const copy = broken();
    const https = findBlock(
      typedBlocks(
        getConfig(copy, 'modules/network'),
        'resource',
        'aws_vpc_security_group_ingress_rule',
      ),
      'alb_https',
    );
    if (https) Object.assign(https.body, { from_port: 8443, to_port: 8443 });
    addResource(copy, 'modules/network', 'aws_security_group_rule', 'rds_from_vpc', {
      type: 'ingress',
      security_group_id: '${aws_security_group.rds.id}',
      protocol: 'tcp',
      from_port: 5432,
      to_port: 5432,
      cidr_blocks: ['10.0.0.0/16'],
    });
    const exposure = checkInternetExposure(copy).join('\n');
    expect(exposure).toContain('alb_https (tcp 8443 from 0.0.0.0/0)');
    expect(exposure).toContain('does not accept port 443');
    expect(checkSecurityGroupRules(copy, CONTAINER_PORTS).join('\n')).toContain('rds_from_vpc');
  });

  it('a port added to the ALB-to-nodes map, and a rule whose for_each cannot be read', () => {
    const copy = broken();
    const network = getConfig(copy, 'modules/network');
    const ports = localValues(network).alb_target_ports as HclObject;
    ports.ssh = { port: 22, description: 'SSH' };
    const rules = checkSecurityGroupRules(copy, CONTAINER_PORTS).join('\n');
    expect(rules).toContain(
      'resource aws_vpc_security_group_ingress_rule.eks_nodes_from_alb["ssh"] (tcp 22 from sg:alb): eks_nodes may only accept TCP 443/3000/8080 from alb',
    );
    const fromAlb = findBlock(
      typedBlocks(network, 'resource', 'aws_vpc_security_group_ingress_rule'),
      'eks_nodes_from_alb',
    );
    if (fromAlb) fromAlb.body.for_each = '${toset(var.extra_ports)}';
    expect(checkSecurityGroupRules(copy, CONTAINER_PORTS).join('\n')).toContain(
      'eks_nodes_from_alb[?]',
    );
  });

  it('a module called with an undeclared variable, or without a required one', () => {
    const copy = broken();
    moduleCall(copy, ENVIRONMENT_ROOT, 'platform').nat_gateway_count = 2;
    delete moduleCall(copy, ENVIRONMENT_ROOT, 'platform').database_instance_class;
    delete moduleCall(copy, 'modules/platform', 'rds').subnet_ids;
    expect(checkModuleCalls(copy)).toEqual([
      'envs/platform/main.tf: module platform passes "nat_gateway_count", which modules/platform does not declare',
      'envs/platform/main.tf: module platform does not pass the required variable "database_instance_class"',
      'modules/platform/main.tf: module rds does not pass the required variable "subnet_ids"',
    ]);
  });

  it('an environment reading an output its module does not have', () => {
    const copy = broken();
    const output = findBlock(labeledBlocks(getConfig(copy, ENVIRONMENT_ROOT), 'output'), 'vpc_id');
    if (output) output.body.value = '${module.platform.vpc}';
    const inner = findBlock(labeledBlocks(getConfig(copy, 'modules/platform'), 'output'), 'vpc_id');
    if (inner) inner.body.value = '${module.network.vpc}';
    expect(checkReferences(copy)).toEqual([
      'envs/platform/outputs.tf reads module.platform.vpc, but modules/platform has no such output',
      'modules/platform/outputs.tf reads module.network.vpc, but modules/network has no such output',
    ]);
  });

  it('a size changed in one environment shows in that environment only', () => {
    const copy = broken();
    Object.assign(getEnvironment(copy, 'staging').values, {
      database_instance_class: 'db.r6g.large',
      node_desired_size: 1,
    });
    moduleCall(copy, 'modules/platform', 'network').single_nat_gateway = false;
    expect(environmentSizing(copy, getEnvironment(copy, 'staging'))).toMatchObject({
      databaseInstanceClass: 'db.r6g.large',
      nodeDesiredSize: 1,
      singleNatGateway: false,
    });
    expect(environmentSizing(copy, getEnvironment(copy, 'production'))).toMatchObject({
      databaseInstanceClass: 'db.t3.small',
      nodeDesiredSize: 3,
    });
  });

  it('a sizing argument the platform module does not pass on falls back to the module default', () => {
    const copy = broken();
    delete moduleCall(copy, 'modules/platform', 'rds').deletion_protection;
    expect(environmentSizing(copy, getEnvironment(copy, 'production')).deletionProtection).toBe(
      false,
    );
  });

  it('a moved block pointing nowhere, or from an address still in use', () => {
    const copy = broken();
    const moved = getConfig(copy, ENVIRONMENT_ROOT).files.find((file) => file.name === 'moved.tf');
    const blocks = (moved?.body.moved ?? []) as HclObject[];
    const rds = blocks.find((block) => block.from === '${module.rds}');
    if (rds) rds.to = '${module.platform.module.database}';
    blocks.push({ from: '${module.platform}', to: '${module.platform.module.network}' });
    expect(checkMovedBlocks(copy)).toEqual([
      'envs/platform/moved.tf: moved ${module.rds} -> ${module.platform.module.database}: the new address does not exist',
      'envs/platform/moved.tf: moved ${module.platform} -> ${module.platform.module.network}: the old address still exists',
    ]);
  });

  it('encryption switched off and a password in the code', () => {
    const copy = broken();
    const database = findBlock(
      typedBlocks(getConfig(copy, 'modules/rds'), 'resource', 'aws_db_instance'),
      'replica',
    );
    if (database)
      Object.assign(database.body, { storage_encrypted: false, password: 'correct-horse-battery' });
    expect(checkEncryption(copy)).toEqual([
      'modules/rds/main.tf: resource aws_db_instance.replica: storage_encrypted must be true',
    ]);
    expect(findSecretLiterals(copy)).toEqual([
      'modules/rds/main.tf: password is a literal; take it from a secret store',
    ]);
  });

  it('state without locking, a loosened provider pin, an undescribed variable', () => {
    const copy = broken();
    const root = getConfig(copy, ENVIRONMENT_ROOT);
    const settings = terraformSettings(root)[0] as HclObject;
    // A backend file may override the root's settings, as terraform init -backend-config does.
    const production = getEnvironment(copy, 'production').backend as HclObject;
    production.use_lockfile = false;
    const aws = nested(settings, 'required_providers')?.aws as HclObject;
    aws.version = '>= 5.0';
    const region = findBlock(labeledBlocks(root, 'variable'), 'region');
    if (region) delete region.body.description;
    expect(checkBackends(copy)).toEqual([
      'envs/platform/production.s3.tfbackend: S3 backend without use_lockfile = true',
    ]);
    expect(checkVersionPins(copy)).toEqual([
      'envs/platform pins aws to ">= 5.0"; use "~> MAJOR.MINOR"',
    ]);
    expect(checkVariablesAreTypedAndDescribed(copy)).toEqual([
      'envs/platform/variables.tf: variable region has no meaningful description',
    ]);
  });

  it('two environments sharing a state key, or one without its backend file', () => {
    const copy = broken();
    (getEnvironment(copy, 'production').backend as HclObject).key = 'staging/terraform.tfstate';
    const root = getConfig(copy, ENVIRONMENT_ROOT);
    root.valueFiles = root.valueFiles.filter((file) => file.name !== 'staging.s3.tfbackend');
    expect(checkBackends(copy)).toEqual([
      'envs/platform/production.s3.tfbackend: state key must be "production/terraform.tfstate", is staging/terraform.tfstate',
      'envs/platform: state key must be "staging/terraform.tfstate", is undefined',
    ]);
  });

  it('a misspelt, a forgotten and a mislabelled setting in an environment file', () => {
    const copy = broken();
    const staging = getEnvironment(copy, 'staging').values;
    staging.node_desierd_size = staging.node_desired_size ?? 3;
    delete staging.node_desired_size;
    getEnvironment(copy, 'production').values.environment = 'staging';
    expect(checkEnvironmentFiles(copy)).toEqual([
      'envs/platform/production.tfvars must set environment = "production"',
      'envs/platform/staging.tfvars sets "node_desierd_size", which envs/platform does not declare',
      'envs/platform/staging.tfvars does not set "node_desired_size", which another environment sets',
    ]);
  });
});

describe('docs/infrastructure.md', () => {
  it('maps every module and environment to the seed diagrams', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/infrastructure.md'), 'utf8');
    for (const dir of [
      ...MODULES.map((name) => `modules/${name}`),
      'bootstrap',
      'envs/shared',
      ENVIRONMENT_ROOT,
      ...ENVIRONMENTS.map((name) => `${name}.tfvars`),
    ]) {
      expect(doc, dir).toContain(dir);
    }
    for (const cidr of [
      SEED_NETWORK.vpcCidr,
      ...SEED_NETWORK.publicSubnets,
      ...SEED_NETWORK.privateSubnets,
    ]) {
      expect(doc, cidr).toContain(cidr);
    }
  });
});
