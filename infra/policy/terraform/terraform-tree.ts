// Loads every Terraform configuration under infra/terraform as JSON (HCL parsed by
// @cdktf/hcl2json) and gives the invariant checks typed access to its blocks.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

export type HclValue = string | number | boolean | null | HclValue[] | HclObject;
export interface HclObject {
  [key: string]: HclValue;
}

export interface TerraformFile {
  name: string;
  text: string;
  body: HclObject;
}

/** One folder of .tf files: a module or a root configuration (bootstrap, the environments). */
export interface TerraformConfig {
  /** Folder relative to infra/terraform, e.g. `modules/network` or `envs/platform`. */
  dir: string;
  files: TerraformFile[];
  /**
   * The committed value files beside the code: `<environment>.tfvars` (variable values) and
   * `<environment>.s3.tfbackend` (backend settings). Operators' own terraform.tfvars and
   * backend.hcl are not read: they are not in the repository.
   */
  valueFiles: TerraformFile[];
}

/** One environment: a root configuration applied with its `<name>.tfvars`. */
export interface Environment {
  name: string;
  /** The root configuration, relative to infra/terraform. */
  dir: string;
  /** The variable values of `<name>.tfvars`. */
  values: VariableValues;
  /** The backend settings of `<name>.s3.tfbackend`, or undefined without one. */
  backend: HclObject | undefined;
}

export interface TerraformTree {
  baseDir: string;
  configs: TerraformConfig[];
}

/** A labelled block: `variable "x"`, `output "x"`, `module "x"`, `resource "t" "x"`, ... */
export interface Block {
  config: TerraformConfig;
  file: string;
  kind: string;
  /** Resource, data source or ephemeral resource type; empty for other kinds. */
  type: string;
  name: string;
  body: HclObject;
}

export function isObject(value: HclValue | undefined): value is HclObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function findTerraformDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found = entries.some((entry) => entry.isFile() && entry.name.endsWith('.tf')) ? [dir] : [];
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      found.push(...(await findTerraformDirs(path.join(dir, entry.name))));
    }
  }
  return found;
}

export async function loadTerraformTree(baseDir: string): Promise<TerraformTree> {
  const dirs = await findTerraformDirs(baseDir);
  const configs: TerraformConfig[] = [];
  for (const dir of dirs.sort()) {
    const names = (await readdir(dir)).sort();
    const read = async (name: string): Promise<TerraformFile> => {
      const text = await readFile(path.join(dir, name), 'utf8');
      return { name, text, body: (await parse(name, text)) as HclObject };
    };
    const files = await Promise.all(names.filter((name) => name.endsWith('.tf')).map(read));
    const valueFiles = await Promise.all(names.filter(isCommittedValueFile).map(read));
    configs.push({ dir: path.relative(baseDir, dir).split(path.sep).join('/'), files, valueFiles });
  }
  return { baseDir, configs };
}

function isCommittedValueFile(name: string): boolean {
  if (name.endsWith('.s3.tfbackend')) return true;
  return name.endsWith('.tfvars') && name !== 'terraform.tfvars' && !name.endsWith('.auto.tfvars');
}

/** Every environment: one per `<name>.tfvars` beside a root configuration. */
export function environments(tree: TerraformTree): Environment[] {
  return tree.configs.flatMap((config) =>
    config.valueFiles
      .filter((file) => file.name.endsWith('.tfvars'))
      .map((file) => {
        const name = file.name.replace(/\.tfvars$/, '');
        const backend = config.valueFiles.find((other) => other.name === `${name}.s3.tfbackend`);
        return { name, dir: config.dir, values: file.body, backend: backend?.body };
      }),
  );
}

export function getEnvironment(tree: TerraformTree, name: string): Environment {
  const environment = environments(tree).find((candidate) => candidate.name === name);
  if (!environment) throw new Error(`No ${name}.tfvars beside any Terraform root`);
  return environment;
}

export function getConfig(tree: TerraformTree, dir: string): TerraformConfig {
  const config = tree.configs.find((candidate) => candidate.dir === dir);
  if (!config) throw new Error(`No Terraform configuration in infra/terraform/${dir}`);
  return config;
}

/** Blocks with one label (`variable`, `output`, `module`) across every file of a config. */
export function labeledBlocks(
  config: TerraformConfig,
  kind: 'variable' | 'output' | 'module',
): Block[] {
  const blocks: Block[] = [];
  for (const file of config.files) {
    const byName = file.body[kind];
    if (!isObject(byName)) continue;
    for (const [name, bodies] of Object.entries(byName)) {
      for (const body of Array.isArray(bodies) ? bodies : []) {
        if (isObject(body)) blocks.push({ config, file: file.name, kind, type: '', name, body });
      }
    }
  }
  return blocks;
}

/** Blocks with a type and a name (`resource`, `data`, `ephemeral`), optionally of one type. */
export function typedBlocks(
  config: TerraformConfig,
  kind: 'resource' | 'data' | 'ephemeral',
  type?: string,
): Block[] {
  const blocks: Block[] = [];
  for (const file of config.files) {
    const byType = file.body[kind];
    if (!isObject(byType)) continue;
    for (const [blockType, byName] of Object.entries(byType)) {
      if ((type && blockType !== type) || !isObject(byName)) continue;
      for (const [name, bodies] of Object.entries(byName)) {
        for (const body of Array.isArray(bodies) ? bodies : []) {
          if (isObject(body)) {
            blocks.push({ config, file: file.name, kind, type: blockType, name, body });
          }
        }
      }
    }
  }
  return blocks;
}

export function findBlock(blocks: Block[], name: string): Block | undefined {
  return blocks.find((block) => block.name === name);
}

/** Every `locals` entry of a config, by name. */
export function localValues(config: TerraformConfig): Record<string, HclValue> {
  const values: Record<string, HclValue> = {};
  for (const file of config.files) {
    const blocks = file.body.locals;
    for (const block of Array.isArray(blocks) ? blocks : []) {
      if (isObject(block)) Object.assign(values, block);
    }
  }
  return values;
}

/** The bodies of every `terraform { ... }` block of a config. */
export function terraformSettings(config: TerraformConfig): HclObject[] {
  return config.files.flatMap((file) => {
    const blocks = file.body.terraform;
    return Array.isArray(blocks) ? blocks.filter(isObject) : [];
  });
}

/** First element of a nested block (`vpc_config { ... }` parses to `vpc_config: [{...}]`). */
export function nested(body: HclObject | undefined, key: string): HclObject | undefined {
  const value = body?.[key];
  const first = Array.isArray(value) ? value[0] : value;
  return isObject(first) ? first : undefined;
}

/** Every string anywhere inside a value, with the key it sits under. */
export function* walkStrings(value: HclValue, key = ''): Generator<{ key: string; value: string }> {
  if (typeof value === 'string') {
    yield { key, value };
  } else if (Array.isArray(value)) {
    for (const item of value) yield* walkStrings(item, key);
  } else if (isObject(value)) {
    for (const [childKey, child] of Object.entries(value)) yield* walkStrings(child, childKey);
  }
}

/** Every key/value pair anywhere inside a value. */
export function* walkEntries(value: HclValue): Generator<{ key: string; value: HclValue }> {
  if (Array.isArray(value)) {
    for (const item of value) yield* walkEntries(item);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      yield { key, value: child };
      yield* walkEntries(child);
    }
  }
}

/** `${aws_security_group.alb.id}` -> `alb` when the expression is exactly such a reference. */
export function referencedName(value: HclValue | undefined, type: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.[\\w]+\\}$`).exec(value);
  return match?.[1];
}

/** The module's folder (relative to infra/terraform) a `module` block's local source points at. */
export function moduleSourceDir(call: Block): string | undefined {
  const source = call.body.source;
  if (typeof source !== 'string' || !source.startsWith('.')) return undefined;
  return path.posix.normalize(path.posix.join(call.config.dir, source));
}

/** Values known for a module's variables; `undefined` marks one passed an unevaluated expression. */
export type VariableValues = Record<string, HclValue | undefined>;

/**
 * A value as Terraform would see it for one config: literals as they are; `${var.x}` from the
 * given variable values (falling back to the variable's default); `${local.x}` through that
 * local's own value; either followed by attributes (`${var.settings.node_min_size}`); a string
 * template such as `gv-playground/${var.environment}` when each of its interpolations resolves
 * to a string or number; lists and objects member by member. Anything else is an expression these
 * checks do not evaluate: undefined (a list holding one is undefined as a whole; an object
 * simply lacks that member).
 */
export function resolveValue(
  config: TerraformConfig,
  value: HclValue | undefined,
  variableValues: VariableValues = {},
  depth = 0,
): HclValue | undefined {
  if (Array.isArray(value)) {
    const items = value.map((item) => resolveValue(config, item, variableValues, depth));
    return items.every((item) => item !== undefined) ? (items as HclValue[]) : undefined;
  }
  if (isObject(value)) {
    const members: HclObject = {};
    for (const [key, member] of Object.entries(value)) {
      const resolved = resolveValue(config, member, variableValues, depth);
      if (resolved !== undefined) members[key] = resolved;
    }
    return members;
  }
  if (typeof value !== 'string') return value;
  if (!value.includes('${')) return value;
  if (depth > 10) return undefined;
  const reference = /^\$\{(var|local)\.([\w-]+)((?:\.[\w-]+)*)\}$/.exec(value);
  if (reference) {
    const [, kind, name = '', attributes = ''] = reference;
    let resolved: HclValue | undefined;
    if (kind === 'local') {
      resolved = resolveValue(config, localValues(config)[name], variableValues, depth + 1);
    } else if (name in variableValues) {
      resolved = variableValues[name];
    } else {
      resolved = findBlock(labeledBlocks(config, 'variable'), name)?.body.default;
    }
    for (const attribute of attributes.split('.').slice(1)) {
      resolved = isObject(resolved) ? resolved[attribute] : undefined;
    }
    return resolved;
  }
  let unresolved = false;
  const text = value.replace(/\$\{([^{}]*)\}/g, (_, inner: string) => {
    const part = /^(?:var|local)\.[\w-]+(?:\.[\w-]+)*$/.test(inner)
      ? resolveValue(config, `\${${inner}}`, variableValues, depth + 1)
      : undefined;
    if (typeof part === 'string' || typeof part === 'number') return String(part);
    unresolved = true;
    return '';
  });
  return unresolved || text.includes('${') ? undefined : text;
}

/** The module calls that lead from a configuration to a module, outermost first. */
export function callPath(
  tree: TerraformTree,
  fromDir: string,
  moduleDir: string,
  seen = new Set<string>(),
): Block[] | undefined {
  seen.add(fromDir);
  const from = tree.configs.find((config) => config.dir === fromDir);
  for (const call of from ? labeledBlocks(from, 'module') : []) {
    const target = moduleSourceDir(call);
    if (target === undefined || seen.has(target)) continue;
    if (target === moduleDir) return [call];
    const rest = callPath(tree, target, moduleDir, seen);
    if (rest) return [call, ...rest];
  }
  return undefined;
}

/**
 * The inputs a module receives when a root configuration (or an environment: a root with its
 * .tfvars) is applied, found the way Terraform would: each call's arguments along the path are
 * resolved with the values the calling module received (variable defaults where a call leaves an
 * argument out). Throws when the root does not reach the module at all.
 */
export function moduleInputs(
  tree: TerraformTree,
  root: string | Environment,
  moduleDir: string,
): { module: TerraformConfig; values: VariableValues; path: Block[] } {
  const rootDir = typeof root === 'string' ? root : root.dir;
  const path = callPath(tree, rootDir, moduleDir);
  if (!path) throw new Error(`${rootDir} does not call ${moduleDir}, directly or through a module`);
  // An environment's root variables take their values from its .tfvars, as -var-file does.
  let values: VariableValues = typeof root === 'string' ? {} : root.values;
  for (const call of path) {
    const next: VariableValues = {};
    for (const [argument, value] of Object.entries(call.body)) {
      next[argument] = resolveValue(call.config, value, values);
    }
    values = next;
  }
  return { module: getConfig(tree, moduleDir), values, path };
}

/** One input of a module as a root configuration sets it (the module's default if it is not passed). */
export function moduleInput(
  tree: TerraformTree,
  root: string | Environment,
  moduleDir: string,
  name: string,
): HclValue | undefined {
  const { module, values } = moduleInputs(tree, root, moduleDir);
  return resolveValue(module, `\${var.${name}}`, values);
}
