// Environments: one root applied with a committed <environment>.tfvars each. The checks here make
// the files honest (every value names a declared variable, every environment sets the same
// ones), and environmentSizing follows the sizes through the module calls to the modules that
// use them (the seed's scaling section).
import {
  type Environment,
  type HclValue,
  type TerraformTree,
  environments,
  getConfig,
  labeledBlocks,
  moduleInput,
} from './terraform-tree.js';

/**
 * Each environment's .tfvars sets only variables its root declares (Terraform merely warns about
 * the others, so a typo would silently leave the real variable unset), and the environments of a
 * root set the same variables, so none takes a value meant for another by omission.
 */
export function checkEnvironmentFiles(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const roots = new Set(environments(tree).map((environment) => environment.dir));
  for (const dir of roots) {
    const group = environments(tree).filter((environment) => environment.dir === dir);
    const declared = new Set(
      labeledBlocks(getConfig(tree, dir), 'variable').map((variable) => variable.name),
    );
    const everyName = new Set(
      group
        .flatMap((environment) => Object.keys(environment.values))
        .filter((name) => declared.has(name)),
    );
    for (const environment of group) {
      const file = `${dir}/${environment.name}.tfvars`;
      for (const name of Object.keys(environment.values)) {
        if (!declared.has(name))
          problems.push(`${file} sets "${name}", which ${dir} does not declare`);
      }
      for (const name of everyName) {
        if (!(name in environment.values)) {
          problems.push(`${file} does not set "${name}", which another environment sets`);
        }
      }
      if (environment.values.environment !== environment.name) {
        problems.push(`${file} must set environment = "${environment.name}"`);
      }
    }
  }
  return problems;
}

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

/** The sizes an environment asks for, as the modules that use them receive them. */
export function environmentSizing(
  tree: TerraformTree,
  environment: Environment,
): EnvironmentSizing {
  const argument = (module: string, name: string) => moduleInput(tree, environment, module, name);
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
