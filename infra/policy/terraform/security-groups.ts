// Security groups held to the seed's diagram: only the ALB faces the internet (80/443), the data
// stores take their port from the EKS nodes only, the nodes take traffic from the ALB only.
import { reachesInternet } from './ipv4.js';
import { where, asStrings } from './block-helpers.js';
import {
  type HclValue,
  type HclObject,
  type TerraformConfig,
  type TerraformTree,
  type Block,
  isObject,
  getConfig,
  labeledBlocks,
  typedBlocks,
  findBlock,
  localValues,
  referencedName,
  moduleSourceDir,
  resolveValue,
} from './terraform-tree.js';

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
