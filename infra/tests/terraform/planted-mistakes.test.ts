// Each Terraform policy check fails on a copy of the real tree broken the way it guards against,
// so a check that cannot fail is noticed.
import { describe, expect, it } from 'vitest';
import { checkEncryption } from '../../policy/terraform/encryption.js';
import { checkEnvironmentFiles, environmentSizing } from '../../policy/terraform/environments.js';
import {
  checkModuleCalls,
  checkMovedBlocks,
  checkReferences,
  checkVariablesAreTypedAndDescribed,
} from '../../policy/terraform/interfaces.js';
import { checkMailSender } from '../../policy/terraform/mail.js';
import { checkSeedNetwork, subnetPlan } from '../../policy/terraform/network.js';
import { findSecretLiterals } from '../../policy/terraform/secrets.js';
import {
  checkInternetExposure,
  checkSecurityGroupRules,
} from '../../policy/terraform/security-groups.js';
import { checkBackends, checkVersionPins } from '../../policy/terraform/versions-and-backends.js';
import {
  type HclObject,
  type TerraformTree,
  findBlock,
  getConfig,
  getEnvironment,
  labeledBlocks,
  localValues,
  nested,
  terraformSettings,
  typedBlocks,
} from '../../policy/terraform/terraform-tree.js';
import { CONTAINER_PORTS, ENVIRONMENT_ROOT, loadRepositoryTree } from './terraform-names.js';

const tree = await loadRepositoryTree();

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
    const platform = moduleCall(copy, ENVIRONMENT_ROOT, 'platform');
    platform.nat_gateway_count = 2;
    delete platform.availability_zones;
    // A misspelt attribute of an object: Terraform would drop it and miss the real one.
    const settings = platform.settings as HclObject;
    settings.node_desierd_size = settings.node_desired_size ?? 3;
    delete settings.node_desired_size;
    delete moduleCall(copy, 'modules/platform', 'rds').subnet_ids;
    expect(checkModuleCalls(copy)).toEqual([
      'envs/platform/main.tf: module platform passes "nat_gateway_count", which modules/platform does not declare',
      'envs/platform/main.tf: module platform does not pass the required variable "availability_zones"',
      'envs/platform/main.tf: module platform passes "settings.node_desierd_size", which modules/platform does not declare',
      'envs/platform/main.tf: module platform does not pass the required attribute "settings.node_desired_size"',
      'modules/platform/main.tf: module rds does not pass the required variable "subnet_ids"',
    ]);
  });

  it('an attribute the object type makes optional may be left out, a required one may not', () => {
    const copy = broken();
    const settings = findBlock(
      labeledBlocks(getConfig(copy, 'modules/platform'), 'variable'),
      'settings',
    );
    if (settings) {
      settings.body.type = String(settings.body.type)
        .replace(
          'node_min_size                  = number',
          'node_min_size = optional(number, 1) # why',
        )
        .replace(
          'node_max_size ',
          'scaling = object({ min = number, max = number }), node_max_size ',
        );
    }
    const call = moduleCall(copy, ENVIRONMENT_ROOT, 'platform').settings as HclObject;
    delete call.node_min_size;
    expect(checkModuleCalls(copy)).toEqual([
      'envs/platform/main.tf: module platform does not pass the required attribute "settings.scaling"',
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

  it('the SMTP user allowed ses:* or every identity, a managed policy, and a secret on the AWS key', () => {
    const copy = broken();
    const mail = getConfig(copy, 'modules/mail');
    const send = findBlock(typedBlocks(mail, 'data', 'aws_iam_policy_document'), 'send');
    const [statement] = (send?.body.statement ?? []) as HclObject[];
    Object.assign(statement ?? {}, { actions: ['ses:*', 'iam:PassRole'], resources: ['*'] });
    addResource(copy, 'modules/mail', 'aws_iam_user_policy_attachment', 'admin', {
      user: '${aws_iam_user.smtp.name}',
      policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    expect(checkMailSender(copy)).toEqual([
      'modules/mail/injected.tf: resource aws_iam_user_policy_attachment.admin: an IAM user gets its one inline send policy, nothing more',
      'modules/mail/main.tf: data aws_iam_policy_document.send statement SendFromTheDomainIdentityOnly: wildcard action ses:*',
      'modules/mail/main.tf: data aws_iam_policy_document.send statement SendFromTheDomainIdentityOnly: iam:PassRole is not a send action',
      'modules/mail/main.tf: data aws_iam_policy_document.send statement SendFromTheDomainIdentityOnly: resources must be the SES identity\'s ARN, not ["*"]',
    ]);
    const secret = findBlock(
      typedBlocks(getConfig(copy, 'modules/secrets'), 'resource', 'aws_secretsmanager_secret'),
      'this',
    );
    if (secret) secret.body.kms_key_id = 'alias/aws/secretsmanager';
    expect(checkEncryption(copy)).toEqual([
      'modules/secrets/main.tf: resource aws_secretsmanager_secret.this: kms_key_id must name a customer-managed key (aws_kms_key)',
    ]);
  });

  it('the shared bucket protection losing versioning, or a bucket not handed to it', () => {
    const copy = broken();
    const protection = getConfig(copy, 'modules/bucket-protection');
    const main = protection.files.find((file) => file.name === 'main.tf');
    delete (main?.body.resource as HclObject).aws_s3_bucket_versioning;
    moduleCall(copy, 'modules/rds', 'backup_bucket_protection').bucket = '${aws_s3_bucket.other}';
    expect(checkEncryption(copy)).toEqual([
      'bootstrap/main.tf: resource aws_s3_bucket.state: needs versioning',
      'modules/rds/backups.tf: resource aws_s3_bucket.backups: needs SSE-KMS with a customer-managed key',
      'modules/rds/backups.tf: resource aws_s3_bucket.backups: needs versioning',
      'modules/rds/backups.tf: resource aws_s3_bucket.backups: needs all four public-access blocks',
      'modules/rds/backups.tf: resource aws_s3_bucket.backups: needs a bucket policy (TLS only)',
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

  it('a module choosing a provider version, a root leaving one open, a provider without source', () => {
    const copy = broken();
    const requiredProviders = (dir: string) =>
      nested(terraformSettings(getConfig(copy, dir))[0], 'required_providers') as HclObject;
    (requiredProviders('modules/rds').aws as HclObject).version = '~> 6.0';
    delete (requiredProviders(ENVIRONMENT_ROOT).tls as HclObject).version;
    delete requiredProviders('modules/eks').tls;
    expect(checkVersionPins(copy)).toEqual([
      'envs/platform does not pin the tls provider version',
      'modules/eks does not declare the source of the tls provider',
      'modules/rds constrains the aws version; its roots choose it',
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
