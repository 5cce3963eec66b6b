// The network an environment gets, computed the way Terraform would, held to the seed's VPC
// diagram (CIDRs, availability zones, subnets that neither overlap nor leave the VPC).
import { cidrContains, cidrsOverlap, cidrsubnet } from './ipv4.js';
import {
  type Environment,
  type HclValue,
  type TerraformTree,
  getConfig,
  typedBlocks,
  findBlock,
  localValues,
  resolveValue,
  moduleInputs,
} from './terraform-tree.js';

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
 * network module through the environment's module calls (its .tfvars values and the variable
 * defaults resolved at each step, the modules' defaults where nothing is passed), fed through
 * the network module's own cidrsubnet() expressions.
 */
export function subnetPlan(tree: TerraformTree, environment: Environment): SubnetPlan {
  const { module: network, values } = moduleInputs(tree, environment, 'modules/network');
  const input = (name: string) => resolveValue(network, `\${var.${name}}`, values);

  const vpcCidr = input('vpc_cidr');
  const availabilityZones = listOf(input('availability_zones'), isString);
  if (typeof vpcCidr !== 'string' || !availabilityZones) {
    throw new Error(`${environment.name}: vpc_cidr or availability_zones cannot be resolved`);
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
