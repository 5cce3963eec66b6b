// Terraform and provider version pins, and where each environment keeps its state.
import { environmentConfigs, allTypedBlocks, moduleConfigs } from './block-helpers.js';
import {
  type HclObject,
  type HclValue,
  type TerraformConfig,
  type TerraformTree,
  isObject,
  labeledBlocks,
  terraformSettings,
  nested,
  moduleSourceDir,
  environments,
} from './terraform-tree.js';

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
 * arguments 1.11) and names the source, hashicorp/<name>, of every provider it or a module it
 * calls uses. The versions are chosen in one kind of place: each root (the configurations
 * `terraform init` runs in) pins every provider with `~> MAJOR.MINOR`, and a module declares
 * none, so moving to a new provider version is an edit of the roots only, never a module
 * constraint to raise in step with them.
 */
export function checkVersionPins(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const modules = new Set(moduleConfigs(tree));
  for (const config of tree.configs) {
    const settings = terraformSettings(config);
    const requiredVersion = settings.map((block) => block.required_version).find(Boolean);
    if (requiredVersion !== '>= 1.11') {
      problems.push(
        `${config.dir} must set required_version = ">= 1.11" (has ${String(requiredVersion)})`,
      );
    }
    const required: Record<string, HclValue> = {};
    for (const block of settings) {
      const providers = nested(block, 'required_providers');
      if (providers) Object.assign(required, providers);
    }
    for (const provider of providersUsed(tree, config)) {
      const requirement = required[provider];
      if (!isObject(requirement) || requirement.source !== `hashicorp/${provider}`) {
        problems.push(`${config.dir} does not declare the source of the ${provider} provider`);
        continue;
      }
      const version = requirement.version;
      if (modules.has(config)) {
        if (version !== undefined) {
          problems.push(`${config.dir} constrains the ${provider} version; its roots choose it`);
        }
      } else if (typeof version !== 'string') {
        problems.push(`${config.dir} does not pin the ${provider} provider version`);
      } else if (!/^~> \d+\.\d+$/.test(version)) {
        problems.push(`${config.dir} pins ${provider} to "${version}"; use "~> MAJOR.MINOR"`);
      }
    }
  }
  return problems;
}

interface State {
  /** Where a violation points: the root, or the backend file that completes its settings. */
  at: string;
  environment: string;
  s3: HclObject | undefined;
}

/**
 * The states of the environment roots: one per root (envs/shared), or one per environment for a
 * root applied per environment, its backend block completed by `<environment>.s3.tfbackend` the
 * way `terraform init -backend-config=<file>` does.
 */
function states(tree: TerraformTree): State[] {
  return environmentConfigs(tree).flatMap((config): State[] => {
    const backend = terraformSettings(config)
      .map((block) => nested(block, 'backend'))
      .find(Boolean);
    const s3 = nested(backend, 's3');
    const perEnvironment = environments(tree).filter(
      (environment) => environment.dir === config.dir,
    );
    if (perEnvironment.length === 0) {
      return [{ at: config.dir, environment: config.dir.split('/')[1] ?? '', s3 }];
    }
    return perEnvironment.map((environment) => ({
      at: environment.backend ? `${config.dir}/${environment.name}.s3.tfbackend` : config.dir,
      environment: environment.name,
      s3: s3 && { ...s3, ...environment.backend },
    }));
  });
}

/** Every environment keeps its state in S3, encrypted, with S3-native locking and its own key. */
export function checkBackends(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const keys = new Map<string, string>();
  for (const { at, environment, s3 } of states(tree)) {
    if (!s3) {
      problems.push(`${at} has no S3 backend`);
      continue;
    }
    if (s3.use_lockfile !== true) problems.push(`${at}: S3 backend without use_lockfile = true`);
    if (s3.encrypt !== true) problems.push(`${at}: S3 backend without encrypt = true`);
    if ('dynamodb_table' in s3) problems.push(`${at}: locks belong in S3, not DynamoDB`);
    const key = s3.key;
    if (key !== `${environment}/terraform.tfstate`) {
      problems.push(
        `${at}: state key must be "${environment}/terraform.tfstate", is ${String(key)}`,
      );
    } else if (keys.has(key)) {
      problems.push(`${at} shares its state key with ${keys.get(key)}`);
    } else {
      keys.set(key, at);
    }
  }
  return problems;
}
