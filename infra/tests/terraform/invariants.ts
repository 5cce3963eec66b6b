// Invariants that hold the Terraform code to the seed's architecture. Each check takes the parsed
// tree and returns the violations it finds as readable sentences (empty = holds), so a test can
// also run it on a deliberately broken copy and prove that it fails.
import { cidrContains, cidrsOverlap, cidrsubnet, reachesInternet } from './ipv4.js';
import {
  type Block,
  type HclObject,
  type HclValue,
  type TerraformConfig,
  type TerraformTree,
  findBlock,
  getConfig,
  isObject,
  labeledBlocks,
  localValues,
  moduleInput,
  moduleInputs,
  moduleSourceDir,
  nested,
  referencedName,
  resolveValue,
  terraformSettings,
  typedBlocks,
  walkEntries,
  walkStrings,
} from './terraform-tree.js';

const MODULE_META_ARGUMENTS = new Set([
  'source',
  'version',
  'providers',
  'depends_on',
  'count',
  'for_each',
]);

export function rootConfigs(tree: TerraformTree): TerraformConfig[] {
  return tree.configs.filter((config) => !config.dir.startsWith('modules/'));
}

export function environmentConfigs(tree: TerraformTree): TerraformConfig[] {
  return tree.configs.filter((config) => config.dir.startsWith('envs/'));
}

export function moduleConfigs(tree: TerraformTree): TerraformConfig[] {
  return tree.configs.filter((config) => config.dir.startsWith('modules/'));
}

function where(block: Block): string {
  const label = block.type
    ? `${block.kind} ${block.type}.${block.name}`
    : `${block.kind} ${block.name}`;
  return `${block.config.dir}/${block.file}: ${label}`;
}

function allTypedBlocks(config: TerraformConfig): Block[] {
  return [
    ...typedBlocks(config, 'resource'),
    ...typedBlocks(config, 'data'),
    ...typedBlocks(config, 'ephemeral'),
  ];
}

// ---------------------------------------------------------------------------------------------
// Interfaces: variables, outputs, module calls, references

export function checkVariablesAreTypedAndDescribed(tree: TerraformTree): string[] {
  return tree.configs.flatMap((config) =>
    labeledBlocks(config, 'variable').flatMap((variable) => {
      const problems: string[] = [];
      if (typeof variable.body.type !== 'string') problems.push(`${where(variable)} has no type`);
      const description = variable.body.description;
      if (typeof description !== 'string' || description.trim().length < 10) {
        problems.push(`${where(variable)} has no meaningful description`);
      }
      return problems;
    }),
  );
}

export function checkOutputsAreDescribed(tree: TerraformTree): string[] {
  return tree.configs.flatMap((config) =>
    labeledBlocks(config, 'output')
      .filter((output) => typeof output.body.description !== 'string')
      .map((output) => `${where(output)} has no description`),
  );
}

/** Every module call passes only variables the module declares, and every required one. */
export function checkModuleCalls(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const config of tree.configs) {
    for (const call of labeledBlocks(config, 'module')) {
      const sourceDir = moduleSourceDir(call);
      const target = tree.configs.find((candidate) => candidate.dir === sourceDir);
      if (!target) {
        problems.push(
          `${where(call)} points at ${String(call.body.source)}, which holds no module`,
        );
        continue;
      }
      const variables = labeledBlocks(target, 'variable');
      const declared = new Set(variables.map((variable) => variable.name));
      const passed = Object.keys(call.body).filter((key) => !MODULE_META_ARGUMENTS.has(key));
      for (const argument of passed) {
        if (!declared.has(argument)) {
          problems.push(
            `${where(call)} passes "${argument}", which ${target.dir} does not declare`,
          );
        }
      }
      for (const variable of variables) {
        if (!('default' in variable.body) && !passed.includes(variable.name)) {
          problems.push(`${where(call)} does not pass the required variable "${variable.name}"`);
        }
      }
    }
  }
  return problems;
}

/** Names an expression refers to, by kind. Only strings holding `${...}` are expressions. */
function referencesIn(value: string): { kind: string; name: string; attribute: string }[] {
  if (!value.includes('${')) return [];
  const found: { kind: string; name: string; attribute: string }[] = [];
  const pattern =
    /(?<![\w.])(var|local|module|data|ephemeral|(?:aws|random|tls|terraform)_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?/g;
  for (const match of value.matchAll(pattern)) {
    const [, kind = '', name = '', attribute = ''] = match;
    if (kind === 'data' || kind === 'ephemeral') {
      // data.<type>.<name>: the "name" group is the type, the attribute group the name.
      found.push({ kind: `${kind}.${name}`, name: attribute, attribute: '' });
    } else {
      found.push({ kind, name, attribute });
    }
  }
  return found;
}

/**
 * Every var., local., module., resource, data and ephemeral reference names something the
 * configuration declares, and every module.<call>.<output> an output that module declares.
 * (A cheap stand-in for `terraform validate`, which needs the providers.)
 */
export function checkReferences(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const config of tree.configs) {
    const variables = new Set(labeledBlocks(config, 'variable').map((block) => block.name));
    const locals = new Set(Object.keys(localValues(config)));
    const calls = new Map(labeledBlocks(config, 'module').map((call) => [call.name, call]));
    const declared = new Set(
      allTypedBlocks(config).map((block) => `${block.kind}.${block.type}.${block.name}`),
    );
    for (const file of config.files) {
      // moved blocks hold addresses, not expressions; checkMovedBlocks looks at them.
      const { moved: _moved, ...body } = file.body;
      for (const { value } of walkStrings(body)) {
        for (const reference of referencesIn(value)) {
          const at = `${config.dir}/${file.name}`;
          if (reference.kind === 'var' && !variables.has(reference.name)) {
            problems.push(`${at} uses var.${reference.name}, which is not declared`);
          } else if (reference.kind === 'local' && !locals.has(reference.name)) {
            problems.push(`${at} uses local.${reference.name}, which is not defined`);
          } else if (reference.kind === 'module') {
            const call = calls.get(reference.name);
            if (!call) {
              problems.push(`${at} uses module.${reference.name}, which is not called`);
              continue;
            }
            const target = tree.configs.find(
              (candidate) => candidate.dir === moduleSourceDir(call),
            );
            if (target && reference.attribute) {
              const outputs = new Set(labeledBlocks(target, 'output').map((output) => output.name));
              if (!outputs.has(reference.attribute)) {
                problems.push(
                  `${at} reads module.${reference.name}.${reference.attribute}, but ${target.dir} has no such output`,
                );
              }
            }
          } else if (
            reference.kind.startsWith('data.') ||
            reference.kind.startsWith('ephemeral.')
          ) {
            if (!declared.has(`${reference.kind}.${reference.name}`)) {
              problems.push(
                `${at} uses ${reference.kind}.${reference.name}, which is not declared`,
              );
            }
          } else if (/^(aws|random|tls|terraform)_/.test(reference.kind)) {
            if (!declared.has(`resource.${reference.kind}.${reference.name}`)) {
              problems.push(
                `${at} uses ${reference.kind}.${reference.name}, which is not declared`,
              );
            }
          }
        }
      }
    }
  }
  return problems;
}

/** Whether an address such as `module.platform.module.rds` or `aws_x.y["key"]` names something. */
function addressExists(tree: TerraformTree, config: TerraformConfig, address: string): boolean {
  let rest = /^\$\{(.+)\}$/.exec(address)?.[1] ?? '';
  let current: TerraformConfig | undefined = config;
  let modules = 0;
  for (
    let step = /^module\.([\w-]+)\.?(.*)$/.exec(rest);
    step;
    step = /^module\.([\w-]+)\.?(.*)$/.exec(rest)
  ) {
    const call: Block | undefined = findBlock(labeledBlocks(current, 'module'), step[1] ?? '');
    current = call && tree.configs.find((candidate) => candidate.dir === moduleSourceDir(call));
    if (!current) return false;
    rest = step[2] ?? '';
    modules += 1;
  }
  if (rest === '') return modules > 0;
  const resource = /^([a-z][a-z0-9_]*)\.([\w-]+)(\[[^\]]+\])?$/.exec(rest);
  if (!resource) return false;
  const [, type = '', name = '', key] = resource;
  const block = findBlock(typedBlocks(current, 'resource', type), name);
  if (!block) return false;
  if (key === undefined) return !('for_each' in block.body) && !('count' in block.body);
  return key.startsWith('["') ? 'for_each' in block.body : 'count' in block.body;
}

/**
 * Every `moved` block leads from an address the configuration no longer declares to one it does,
 * so an existing state follows a refactoring instead of being destroyed and created anew.
 */
export function checkMovedBlocks(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const config of tree.configs) {
    for (const file of config.files) {
      const blocks = file.body.moved;
      for (const block of Array.isArray(blocks) ? blocks.filter(isObject) : []) {
        const from = String(block.from);
        const to = String(block.to);
        const at = `${config.dir}/${file.name}: moved ${from} -> ${to}`;
        if (addressExists(tree, config, from)) problems.push(`${at}: the old address still exists`);
        if (!addressExists(tree, config, to))
          problems.push(`${at}: the new address does not exist`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Versions and backends

function providerOf(type: string): string {
  return type.split('_')[0] ?? type;
}

function providersUsed(
  tree: TerraformTree,
  config: TerraformConfig,
  seen = new Set<string>(),
): Set<string> {
  const providers = new Set(
    allTypedBlocks(config)
      .map((block) => providerOf(block.type))
      .filter((provider) => provider !== 'terraform'),
  );
  seen.add(config.dir);
  for (const call of labeledBlocks(config, 'module')) {
    const target = tree.configs.find((candidate) => candidate.dir === moduleSourceDir(call));
    if (target && !seen.has(target.dir)) {
      for (const provider of providersUsed(tree, target, seen)) providers.add(provider);
    }
  }
  return providers;
}

/**
 * Every configuration requires Terraform >= 1.11 (S3 native locking needs 1.10, write-only
 * arguments 1.11) and pins every provider it, or a module it calls, uses to hashicorp/<name>
 * with a version constraint.
 */
export function checkVersionPins(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const config of tree.configs) {
    const settings = terraformSettings(config);
    const requiredVersion = settings.map((block) => block.required_version).find(Boolean);
    if (requiredVersion !== '>= 1.11') {
      problems.push(
        `${config.dir} must set required_version = ">= 1.11" (has ${String(requiredVersion)})`,
      );
    }
    const pinned: Record<string, HclValue> = {};
    for (const block of settings) {
      const required = nested(block, 'required_providers');
      if (required) Object.assign(pinned, required);
    }
    for (const provider of providersUsed(tree, config)) {
      const pin = pinned[provider];
      if (
        !isObject(pin) ||
        pin.source !== `hashicorp/${provider}` ||
        typeof pin.version !== 'string'
      ) {
        problems.push(`${config.dir} does not pin the ${provider} provider (source and version)`);
      } else if (!/^~> \d+\.\d+$/.test(pin.version)) {
        problems.push(`${config.dir} pins ${provider} to "${pin.version}"; use "~> MAJOR.MINOR"`);
      }
    }
  }
  return problems;
}

/** Every environment keeps its state in S3, encrypted, with S3-native locking and its own key. */
export function checkBackends(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const keys = new Map<string, string>();
  for (const config of environmentConfigs(tree)) {
    const backend = terraformSettings(config)
      .map((block) => nested(block, 'backend'))
      .find(Boolean);
    const s3 = nested(backend, 's3');
    if (!s3) {
      problems.push(`${config.dir} has no S3 backend`);
      continue;
    }
    if (s3.use_lockfile !== true)
      problems.push(`${config.dir}: S3 backend without use_lockfile = true`);
    if (s3.encrypt !== true) problems.push(`${config.dir}: S3 backend without encrypt = true`);
    if ('dynamodb_table' in s3) problems.push(`${config.dir}: locks belong in S3, not DynamoDB`);
    const key = s3.key;
    const environment = config.dir.split('/')[1];
    if (key !== `${environment}/terraform.tfstate`) {
      problems.push(
        `${config.dir}: state key must be "${environment}/terraform.tfstate", is ${String(key)}`,
      );
    } else if (keys.has(key)) {
      problems.push(`${config.dir} shares its state key with ${keys.get(key)}`);
    } else {
      keys.set(key, config.dir);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Network: CIDRs and availability zones

export interface SubnetPlan {
  vpcCidr: string;
  availabilityZones: string[];
  publicSubnets: string[];
  privateSubnets: string[];
}

function listOf<T>(
  value: HclValue | undefined,
  guard: (item: HclValue) => item is T & HclValue,
): T[] | undefined {
  return Array.isArray(value) && value.every(guard) ? (value as T[]) : undefined;
}
const isString = (item: HclValue): item is string => typeof item === 'string';
const isNumber = (item: HclValue): item is number => typeof item === 'number';

/**
 * Computes the subnets an environment gets, the way Terraform would: the arguments that reach the
 * network module through the environment's module calls (the environment's variable defaults
 * resolved at each step, the modules' defaults where nothing is passed), fed through the network
 * module's own cidrsubnet() expressions.
 */
export function subnetPlan(tree: TerraformTree, environmentDir: string): SubnetPlan {
  const { module: network, values } = moduleInputs(tree, environmentDir, 'modules/network');
  const input = (name: string) => resolveValue(network, `\${var.${name}}`, values);

  const vpcCidr = input('vpc_cidr');
  const availabilityZones = listOf(input('availability_zones'), isString);
  if (typeof vpcCidr !== 'string' || !availabilityZones) {
    throw new Error(`${environmentDir}: vpc_cidr or availability_zones cannot be resolved`);
  }

  const locals = localValues(network);
  const subnets = (tier: 'public' | 'private'): string[] => {
    const expression = locals[`${tier}_subnet_cidrs`];
    const match =
      typeof expression === 'string'
        ? /^\$\{\[for (\w+) in var\.(\w+) : cidrsubnet\(var\.vpc_cidr, (\d+), \1\)\]\}$/.exec(
            expression,
          )
        : null;
    if (!match) {
      throw new Error(
        `modules/network: local.${tier}_subnet_cidrs is not [for n in var.<list> : cidrsubnet(var.vpc_cidr, <bits>, n)]`,
      );
    }
    const netnums = listOf(input(match[2] ?? ''), isNumber);
    if (!netnums) throw new Error(`modules/network: var.${match[2]} cannot be resolved to numbers`);
    return netnums.map((netnum) => cidrsubnet(vpcCidr, Number(match[3]), netnum));
  };

  return {
    vpcCidr,
    availabilityZones,
    publicSubnets: subnets('public'),
    privateSubnets: subnets('private'),
  };
}

/** The resources really use the planned values: the VPC its CIDR, each subnet its slot. */
export function checkSubnetWiring(tree: TerraformTree): string[] {
  const network = getConfig(tree, 'modules/network');
  const problems: string[] = [];
  const vpc = findBlock(typedBlocks(network, 'resource', 'aws_vpc'), 'this');
  if (vpc?.body.cidr_block !== '${var.vpc_cidr}') {
    problems.push('modules/network: aws_vpc.this must use cidr_block = var.vpc_cidr');
  }
  for (const tier of ['public', 'private']) {
    const subnet = findBlock(typedBlocks(network, 'resource', 'aws_subnet'), tier);
    const expected = {
      count: '${length(var.availability_zones)}',
      cidr_block: `\${local.${tier}_subnet_cidrs[count.index]}`,
      availability_zone: '${var.availability_zones[count.index]}',
    };
    for (const [attribute, value] of Object.entries(expected)) {
      if (subnet?.body[attribute] !== value) {
        problems.push(`modules/network: aws_subnet.${tier}.${attribute} must be ${value}`);
      }
    }
  }
  return problems;
}

export const SEED_NETWORK: SubnetPlan = {
  vpcCidr: '10.0.0.0/16',
  availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  publicSubnets: ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'],
  privateSubnets: ['10.0.11.0/24', '10.0.12.0/24', '10.0.13.0/24'],
};

/** The plan matches the seed's VPC diagram exactly, and its subnets are sound. */
export function checkSeedNetwork(plan: SubnetPlan): string[] {
  const problems: string[] = [];
  const compare = (what: string, actual: string | string[], expected: string | string[]) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      problems.push(
        `${what} is ${JSON.stringify(actual)}, the seed draws ${JSON.stringify(expected)}`,
      );
    }
  };
  compare('VPC CIDR', plan.vpcCidr, SEED_NETWORK.vpcCidr);
  compare('availability zones', plan.availabilityZones, SEED_NETWORK.availabilityZones);
  compare('public subnets', plan.publicSubnets, SEED_NETWORK.publicSubnets);
  compare('private subnets', plan.privateSubnets, SEED_NETWORK.privateSubnets);

  const subnets = [...plan.publicSubnets, ...plan.privateSubnets];
  for (const subnet of subnets) {
    if (!cidrContains(plan.vpcCidr, subnet))
      problems.push(`${subnet} lies outside the VPC ${plan.vpcCidr}`);
  }
  subnets.forEach((subnet, index) => {
    for (const other of subnets.slice(index + 1)) {
      if (cidrsOverlap(subnet, other)) problems.push(`${subnet} overlaps ${other}`);
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Security groups

export interface IngressRule {
  where: string;
  /** Resource name of the aws_security_group the rule belongs to. */
  group: string;
  protocol: string;
  fromPort: number | undefined;
  toPort: number | undefined;
  cidrs: string[];
  /** Resource names of the security groups the traffic may come from. */
  sourceGroups: string[];
}

function asStrings(value: HclValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function asPort(config: TerraformConfig, value: HclValue | undefined): number | undefined {
  const resolved = resolveValue(config, value);
  return typeof resolved === 'number' ? resolved : undefined;
}

function groupNames(values: HclValue | undefined): string[] {
  return asStrings(values).map((value) => referencedName(value, 'aws_security_group') ?? value);
}

/**
 * The instances a resource block creates. A block with `for_each = local.<map>` becomes one
 * instance per key, its `each.key` / `each.value` / `each.value.<attribute>` arguments replaced by
 * that entry's values; any other for_each cannot be expanded here and yields one instance whose
 * each.* arguments stay unknown (so a rule written that way fails the checks instead of passing
 * unseen).
 */
function instances(config: TerraformConfig, block: Block): { label: string; body: HclObject }[] {
  const forEach = block.body.for_each;
  if (forEach === undefined) return [{ label: '', body: block.body }];
  const local =
    typeof forEach === 'string' ? /^\$\{local\.([\w-]+)\}$/.exec(forEach)?.[1] : undefined;
  const entries = local === undefined ? undefined : localValues(config)[local];
  if (!isObject(entries)) return [{ label: '[?]', body: block.body }];
  return Object.entries(entries).map(([key, value]) => {
    const body: HclObject = {};
    for (const [argument, expression] of Object.entries(block.body)) {
      const reference =
        typeof expression === 'string'
          ? /^\$\{each\.(key|value)(?:\.([\w-]+))?\}$/.exec(expression)
          : null;
      if (!reference) {
        body[argument] = expression;
      } else if (reference[1] === 'key') {
        body[argument] = key;
      } else {
        const picked =
          reference[2] === undefined ? value : isObject(value) ? value[reference[2]] : undefined;
        const resolved = resolveValue(config, picked ?? undefined);
        if (resolved !== undefined) body[argument] = resolved;
      }
    }
    return { label: `["${key}"]`, body };
  });
}

/** Every ingress rule in every config, whichever of Terraform's three ways it is written. */
export function ingressRules(tree: TerraformTree): IngressRule[] {
  const rules: IngressRule[] = [];
  for (const config of tree.configs) {
    for (const block of typedBlocks(config, 'resource', 'aws_vpc_security_group_ingress_rule')) {
      for (const { label, body } of instances(config, block)) {
        rules.push({
          where: `${where(block)}${label}`,
          group: groupNames(body.security_group_id)[0] ?? '?',
          protocol: String(body.ip_protocol),
          fromPort: asPort(config, body.from_port),
          toPort: asPort(config, body.to_port),
          cidrs: [...asStrings(body.cidr_ipv4), ...asStrings(body.cidr_ipv6)],
          sourceGroups: groupNames(body.referenced_security_group_id),
        });
      }
    }
    for (const rule of typedBlocks(config, 'resource', 'aws_security_group_rule')) {
      if (rule.body.type !== 'ingress') continue;
      const group = groupNames(rule.body.security_group_id)[0] ?? '?';
      rules.push({
        where: where(rule),
        group,
        protocol: String(rule.body.protocol),
        fromPort: asPort(config, rule.body.from_port),
        toPort: asPort(config, rule.body.to_port),
        cidrs: [...asStrings(rule.body.cidr_blocks), ...asStrings(rule.body.ipv6_cidr_blocks)],
        sourceGroups: [
          ...groupNames(rule.body.source_security_group_id),
          ...(rule.body.self === true ? [group] : []),
        ],
      });
    }
    for (const type of ['aws_security_group', 'aws_default_security_group']) {
      for (const group of typedBlocks(config, 'resource', type)) {
        const inline = group.body.ingress;
        for (const rule of Array.isArray(inline) ? inline.filter(isObject) : []) {
          rules.push({
            where: `${where(group)} (inline ingress)`,
            group: group.name,
            protocol: String(rule.protocol),
            fromPort: asPort(config, rule.from_port),
            toPort: asPort(config, rule.to_port),
            cidrs: [...asStrings(rule.cidr_blocks), ...asStrings(rule.ipv6_cidr_blocks)],
            sourceGroups: [
              ...groupNames(rule.security_groups),
              ...(rule.self === true ? [group.name] : []),
            ],
          });
        }
      }
    }
  }
  return rules;
}

function singleTcpPort(rule: IngressRule): number | undefined {
  return rule.protocol === 'tcp' && rule.fromPort !== undefined && rule.fromPort === rule.toPort
    ? rule.fromPort
    : undefined;
}

function describeRule(rule: IngressRule): string {
  const ports =
    rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  const sources = [...rule.cidrs, ...rule.sourceGroups.map((group) => `sg:${group}`)].join(', ');
  return `${rule.where} (${rule.protocol} ${ports} from ${sources})`;
}

/** Only the ALB group admits the internet, and only on TCP 80 and 443; and it does admit both. */
export function checkInternetExposure(tree: TerraformTree): string[] {
  const rules = ingressRules(tree);
  const problems = rules
    .filter((rule) => rule.cidrs.some(reachesInternet))
    .filter((rule) => {
      const port = singleTcpPort(rule);
      return !(
        rule.group === 'alb' &&
        rule.where.startsWith('modules/network/') &&
        (port === 80 || port === 443)
      );
    })
    .map((rule) => `${describeRule(rule)} opens a non-ALB port or group to the internet`);
  for (const port of [80, 443]) {
    const open = rules.some(
      (rule) =>
        rule.group === 'alb' && singleTcpPort(rule) === port && rule.cidrs.includes('0.0.0.0/0'),
    );
    if (!open) problems.push(`the ALB security group does not accept port ${port} from 0.0.0.0/0`);
  }
  return problems;
}

/**
 * The rest of the seed's security-group box: RDS takes 5432 and ElastiCache 6379 from the EKS
 * nodes only; the EKS nodes take traffic from the ALB only, on 443 and the two container ports.
 */
export function checkSecurityGroupRules(tree: TerraformTree, containerPorts: number[]): string[] {
  const rules = ingressRules(tree).filter((rule) => rule.where.startsWith('modules/network/'));
  const problems: string[] = [];
  const onlyFrom = (group: string, source: string, ports: number[]) => {
    const groupRules = rules.filter((rule) => rule.group === group);
    for (const rule of groupRules) {
      const port = singleTcpPort(rule);
      if (
        rule.cidrs.length > 0 ||
        rule.sourceGroups.join() !== source ||
        port === undefined ||
        !ports.includes(port)
      ) {
        problems.push(
          `${describeRule(rule)}: ${group} may only accept TCP ${ports.join('/')} from ${source}`,
        );
      }
    }
    for (const port of ports) {
      if (
        !groupRules.some(
          (rule) => singleTcpPort(rule) === port && rule.sourceGroups.join() === source,
        )
      ) {
        problems.push(`${group} does not accept TCP ${port} from ${source}`);
      }
    }
  };
  for (const rule of rules.filter((candidate) => candidate.group === 'alb')) {
    const port = singleTcpPort(rule);
    if (
      rule.cidrs.join() !== '0.0.0.0/0' ||
      rule.sourceGroups.length > 0 ||
      (port !== 80 && port !== 443)
    ) {
      problems.push(`${describeRule(rule)}: the ALB may only accept TCP 80/443 from 0.0.0.0/0`);
    }
  }
  onlyFrom('rds', 'eks_nodes', [5432]);
  onlyFrom('cache', 'eks_nodes', [6379]);
  onlyFrom('eks_nodes', 'alb', [443, ...containerPorts]);
  for (const rule of rules.filter(
    (candidate) => !['alb', 'rds', 'cache', 'eks_nodes'].includes(candidate.group),
  )) {
    problems.push(`${describeRule(rule)}: a security group the seed does not draw`);
  }
  return problems;
}

/**
 * Each data store and the nodes really sit behind their group: whichever module calls them (the
 * platform module) hands the network module's output to the module, and the module puts that
 * variable on the resource.
 */
export function checkSecurityGroupWiring(tree: TerraformTree): string[] {
  const network = getConfig(tree, 'modules/network');
  const wiring = [
    {
      module: 'modules/rds',
      argument: 'security_group_id',
      output: 'rds_security_group_id',
      group: 'rds',
      type: 'aws_db_instance',
      attribute: 'vpc_security_group_ids',
    },
    {
      module: 'modules/cache',
      argument: 'security_group_id',
      output: 'cache_security_group_id',
      group: 'cache',
      type: 'aws_elasticache_replication_group',
      attribute: 'security_group_ids',
    },
    {
      module: 'modules/eks',
      argument: 'node_security_group_id',
      output: 'eks_node_security_group_id',
      group: 'eks_nodes',
      type: 'aws_launch_template',
      attribute: 'vpc_security_group_ids',
    },
  ];
  const problems: string[] = [];
  for (const link of wiring) {
    const output = findBlock(labeledBlocks(network, 'output'), link.output);
    if (output?.body.value !== `\${aws_security_group.${link.group}.id}`) {
      problems.push(
        `modules/network output ${link.output} must be aws_security_group.${link.group}.id`,
      );
    }
    for (const resource of typedBlocks(getConfig(tree, link.module), 'resource', link.type)) {
      if (!asStrings(resource.body[link.attribute]).includes(`\${var.${link.argument}}`)) {
        problems.push(`${where(resource)} must list var.${link.argument} in ${link.attribute}`);
      }
    }
    const calls = tree.configs.flatMap((config) =>
      labeledBlocks(config, 'module').filter((call) => moduleSourceDir(call) === link.module),
    );
    if (calls.length === 0) problems.push(`no configuration calls ${link.module}`);
    for (const call of calls) {
      const networkCall = labeledBlocks(call.config, 'module').find(
        (candidate) => moduleSourceDir(candidate) === 'modules/network',
      );
      if (call.body[link.argument] !== `\${module.${networkCall?.name}.${link.output}}`) {
        problems.push(
          `${where(call)} must pass ${link.argument} = module.${networkCall?.name}.${link.output}`,
        );
      }
    }
  }
  for (const config of tree.configs) {
    for (const database of typedBlocks(config, 'resource', 'aws_db_instance')) {
      if (database.body.publicly_accessible !== false)
        problems.push(`${where(database)} must set publicly_accessible = false`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Encryption

function isSet(value: HclValue | undefined): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** Encryption at rest (and in transit where the service offers it) for every data store. */
export function checkEncryption(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const require = (block: Block, ok: boolean, what: string) => {
    if (!ok) problems.push(`${where(block)}: ${what}`);
  };
  for (const config of tree.configs) {
    const resources = (type: string) => typedBlocks(config, 'resource', type);
    for (const db of resources('aws_db_instance')) {
      require(db, db.body.storage_encrypted === true, 'storage_encrypted must be true');
      require(db, isSet(db.body.kms_key_id), 'kms_key_id must name a customer-managed key');
    }
    for (const cache of resources('aws_elasticache_replication_group')) {
      require(cache, cache.body.at_rest_encryption_enabled ===
        true, 'at_rest_encryption_enabled must be true');
      require(cache, cache.body.transit_encryption_enabled ===
        true, 'transit_encryption_enabled must be true');
      require(cache, isSet(cache.body.kms_key_id), 'kms_key_id must be set');
      require(cache, isSet(cache.body.auth_token), 'auth_token must be set');
    }
    for (const repository of resources('aws_ecr_repository')) {
      const encryption = nested(repository.body, 'encryption_configuration');
      require(repository, encryption?.encryption_type === 'KMS' &&
        isSet(encryption.kms_key), 'must be KMS-encrypted');
      require(repository, repository.body.image_tag_mutability ===
        'IMMUTABLE', 'tags must be IMMUTABLE');
      require(repository, nested(repository.body, 'image_scanning_configuration')?.scan_on_push ===
        true, 'must scan on push');
    }
    for (const secret of resources('aws_secretsmanager_secret')) {
      require(secret, isSet(secret.body.kms_key_id), 'kms_key_id must be set');
    }
    for (const cluster of resources('aws_eks_cluster')) {
      const encryption = nested(cluster.body, 'encryption_config');
      require(cluster, asStrings(encryption?.resources).includes('secrets') &&
        isSet(
          nested(encryption, 'provider')?.key_arn,
        ), 'Kubernetes secrets must be envelope-encrypted with a KMS key');
    }
    for (const key of resources('aws_kms_key')) {
      require(key, key.body.enable_key_rotation === true, 'enable_key_rotation must be true');
    }
    for (const topic of resources('aws_sns_topic')) {
      require(topic, isSet(topic.body.kms_master_key_id), 'kms_master_key_id must be set');
    }
    for (const template of resources('aws_launch_template')) {
      const ebs = nested(nested(template.body, 'block_device_mappings'), 'ebs');
      require(template, ebs?.encrypted === true, 'root volumes must be encrypted');
    }
    for (const bucket of resources('aws_s3_bucket')) {
      const about = (type: string) =>
        resources(type).find(
          (candidate) => referencedName(candidate.body.bucket, 'aws_s3_bucket') === bucket.name,
        );
      const sse = nested(
        nested(about('aws_s3_bucket_server_side_encryption_configuration')?.body, 'rule'),
        'apply_server_side_encryption_by_default',
      );
      require(bucket, sse?.sse_algorithm === 'aws:kms' &&
        isSet(sse.kms_master_key_id), 'needs SSE-KMS with a customer-managed key');
      const versioning = nested(
        about('aws_s3_bucket_versioning')?.body,
        'versioning_configuration',
      );
      require(bucket, versioning?.status === 'Enabled', 'needs versioning');
      const block = about('aws_s3_bucket_public_access_block')?.body;
      require(bucket, [
        'block_public_acls',
        'block_public_policy',
        'ignore_public_acls',
        'restrict_public_buckets',
      ].every((flag) => block?.[flag] === true), 'needs all four public-access blocks');
      require(bucket, about('aws_s3_bucket_policy') !==
        undefined, 'needs a bucket policy (TLS only)');
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Secrets

const SECRET_KEY =
  /^(?:\w+_)?(?:password|passwd|secret|secret_string|token|auth_token|access_key|secret_key|private_key|api_key|client_secret)(?:_wo)?$/i;

const SECRET_PATTERNS: [string, RegExp][] = [
  ['an AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a GitHub token', /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{20,}/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['an AWS secret access key', /aws_secret_access_key\s*=/i],
];

/**
 * No secret is written into the code: no attribute that holds a password, secret or token is a
 * literal, no such variable has a default, and no known credential format appears in any file.
 */
export function findSecretLiterals(
  tree: TerraformTree,
  extraFiles: { name: string; text: string }[] = [],
): string[] {
  const problems: string[] = [];
  for (const config of tree.configs) {
    for (const file of config.files) {
      for (const { key, value } of walkEntries(file.body)) {
        if (
          SECRET_KEY.test(key) &&
          typeof value === 'string' &&
          value !== '' &&
          !value.includes('${')
        ) {
          problems.push(
            `${config.dir}/${file.name}: ${key} is a literal; take it from a secret store`,
          );
        }
      }
      for (const [what, pattern] of SECRET_PATTERNS) {
        if (pattern.test(file.text)) problems.push(`${config.dir}/${file.name} contains ${what}`);
      }
    }
    for (const variable of labeledBlocks(config, 'variable')) {
      if (
        SECRET_KEY.test(variable.name) &&
        variable.body.default !== undefined &&
        variable.body.default !== null
      ) {
        problems.push(`${where(variable)} holds a secret and must not have a default`);
      }
      if (SECRET_KEY.test(variable.name) && variable.body.sensitive !== true) {
        problems.push(`${where(variable)} holds a secret and must be sensitive = true`);
      }
    }
  }
  for (const file of extraFiles) {
    for (const [what, pattern] of SECRET_PATTERNS) {
      if (pattern.test(file.text)) problems.push(`${file.name} contains ${what}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Sizing from the seed's scaling section

export interface EnvironmentSizing {
  nodeInstanceType: HclValue | undefined;
  nodeDesiredSize: HclValue | undefined;
  databaseInstanceClass: HclValue | undefined;
  multiAz: HclValue | undefined;
  readReplica: HclValue | undefined;
  deletionProtection: HclValue | undefined;
  singleNatGateway: HclValue | undefined;
  cacheNodes: HclValue | undefined;
}

/** The sizes an environment asks for, followed through its module calls to the modules that use them. */
export function environmentSizing(tree: TerraformTree, environmentDir: string): EnvironmentSizing {
  const argument = (module: string, name: string) =>
    moduleInput(tree, environmentDir, module, name);
  return {
    nodeInstanceType: argument('modules/eks', 'node_instance_type'),
    nodeDesiredSize: argument('modules/eks', 'node_desired_size'),
    databaseInstanceClass: argument('modules/rds', 'instance_class'),
    multiAz: argument('modules/rds', 'multi_az'),
    readReplica: argument('modules/rds', 'create_read_replica'),
    deletionProtection: argument('modules/rds', 'deletion_protection'),
    singleNatGateway: argument('modules/network', 'single_nat_gateway'),
    cacheNodes: argument('modules/cache', 'num_cache_clusters'),
  };
}

/** A module README documents every input and output by name. */
export function checkModuleReadme(config: TerraformConfig, readme: string | undefined): string[] {
  if (readme === undefined) return [`${config.dir} has no README.md`];
  const names = [
    ...labeledBlocks(config, 'variable').map((block) => block.name),
    ...labeledBlocks(config, 'output').map((block) => block.name),
  ];
  return names
    .filter((name) => !readme.includes(`\`${name}\``))
    .map((name) => `${config.dir}/README.md does not document \`${name}\``);
}
