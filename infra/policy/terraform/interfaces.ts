// Interfaces between the Terraform configurations: every variable typed and described, every
// module call passing exactly what the module declares, every reference resolving, every moved
// block leading somewhere, every module README complete. Each check returns the violations it
// finds as sentences (empty = holds), so a test can run it on a planted mistake too.
import { where, allTypedBlocks } from './block-helpers.js';
import {
  type HclValue,
  type TerraformConfig,
  type TerraformTree,
  type Block,
  isObject,
  labeledBlocks,
  typedBlocks,
  findBlock,
  localValues,
  walkStrings,
  moduleSourceDir,
} from './terraform-tree.js';

const MODULE_META_ARGUMENTS = new Set([
  'source',
  'version',
  'providers',
  'depends_on',
  'count',
  'for_each',
]);

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

/**
 * The attributes of an `object({ ... })` variable type, each with whether it is `optional(...)`;
 * undefined for any other type. hcl2json hands the type over as its source text.
 */
export function objectTypeAttributes(type: HclValue | undefined): Map<string, boolean> | undefined {
  const inner =
    typeof type === 'string' ? /^\$\{object\(\{([\s\S]*)\}\)\}$/.exec(type.trim())?.[1] : undefined;
  if (inner === undefined) return undefined;
  // Attributes are separated by newlines or commas outside any brackets.
  const entries: string[] = [''];
  let depth = 0;
  for (const char of inner.replace(/(?:#|\/\/)[^\n]*/g, '')) {
    if ('([{'.includes(char)) depth += 1;
    if (')]}'.includes(char)) depth -= 1;
    if (depth === 0 && (char === '\n' || char === ',')) entries.push('');
    else entries[entries.length - 1] += char;
  }
  const attributes = new Map<string, boolean>();
  for (const entry of entries) {
    const match = /^\s*([\w-]+)\s*=\s*([\s\S]*?)\s*$/.exec(entry);
    if (match) attributes.set(match[1] ?? '', (match[2] ?? '').startsWith('optional('));
  }
  return attributes;
}

/**
 * Every module call passes only variables the module declares, and every required one; an object
 * written out in the call has every attribute the variable's `object({ ... })` type requires and
 * no other (Terraform would silently drop a misspelt one).
 */
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
        const attributes = objectTypeAttributes(variable.body.type);
        const value = call.body[variable.name];
        if (!attributes || !isObject(value)) continue;
        for (const key of Object.keys(value).filter((key) => !attributes.has(key))) {
          problems.push(
            `${where(call)} passes "${variable.name}.${key}", which ${target.dir} does not declare`,
          );
        }
        for (const [name, optional] of attributes) {
          if (!optional && !(name in value)) {
            problems.push(
              `${where(call)} does not pass the required attribute "${variable.name}.${name}"`,
            );
          }
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
