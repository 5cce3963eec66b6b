// Checks every resource and data block under infra/terraform against the argument and block names
// the providers themselves declare (infra/schemas/terraform-providers.json, written by
// infra/scripts/generate-terraform-schema.ts): an unknown or misspelt argument, a block the type
// does not have, or a missing required argument is reported here instead of by `terraform validate`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/tools.js';
import {
  type HclObject,
  type HclValue,
  type TerraformTree,
  isObject,
  nested,
  terraformSettings,
  typedBlocks,
} from './terraform-tree.js';

export const providerSchemaFile = path.join(repoRoot, 'infra/schemas/terraform-providers.json');
export const REGENERATE = 'npm run generate:terraform-schema -w infra';

export type ArgumentUse = 'required' | 'optional';

/** The names a block accepts: arguments (`name = value`) and nested blocks (`name { ... }`). */
export interface BlockSchema {
  arguments: Record<string, ArgumentUse>;
  blocks: Record<string, NestedBlockSchema>;
}

export interface NestedBlockSchema extends BlockSchema {
  /** True when the provider needs at least one such block (min_items >= 1). */
  required: boolean;
}

export interface ProviderSource {
  /** Provider address, e.g. registry.terraform.io/hashicorp/aws. */
  source: string;
  /** Provider version the names were taken from. */
  version: string;
  /** Where they were read: an npm package with its version, or the Terraform binary. */
  from: string;
}

export interface ProviderSchemas {
  generatedBy: string;
  /** By the local name the configuration uses (`aws`, `random`, `terraform` for built-ins). */
  providers: Record<string, ProviderSource>;
  resource: Record<string, BlockSchema>;
  data: Record<string, BlockSchema>;
}

export function loadProviderSchemas(file = providerSchemaFile): ProviderSchemas {
  return JSON.parse(readFileSync(file, 'utf8')) as ProviderSchemas;
}

/** The provider a resource type belongs to: the part before the first underscore. */
export function providerOf(type: string): string {
  return type.split('_')[0] ?? type;
}

// Terraform's own arguments, valid in every resource and data block whatever the provider says.
const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);

/** Blocks as hcl2json writes them: `name { ... }` becomes an array of objects. */
function blockBodies(value: HclValue | undefined): HclObject[] | undefined {
  if (!Array.isArray(value) || !value.every(isObject)) return undefined;
  return value as HclObject[];
}

/** `dynamic "x" { content { ... } }` entries of a body, as the `content` bodies per block name. */
function dynamicContents(body: HclObject): Map<string, HclObject[]> {
  const contents = new Map<string, HclObject[]>();
  const dynamic = body.dynamic;
  if (!isObject(dynamic)) return contents;
  for (const [name, entries] of Object.entries(dynamic)) {
    const bodies = (blockBodies(entries) ?? []).flatMap(
      (entry) => blockBodies(entry.content) ?? [],
    );
    contents.set(name, bodies);
  }
  return contents;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** ` (did you mean "x"?)` when a known name is within two edits, so a typo reads as one. */
function suggestion(name: string, known: string[]): string {
  const close = known
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance)[0];
  return close ? ` (did you mean "${close.candidate}"?)` : '';
}

/**
 * Violations of one block body against its schema, recursing into nested and dynamic blocks.
 * `where` names the block in messages; `topLevel` allows Terraform's meta-arguments.
 */
export function checkBlockBody(
  body: HclObject,
  schema: BlockSchema,
  where: string,
  topLevel = false,
): string[] {
  const violations: string[] = [];
  const known = [...Object.keys(schema.arguments), ...Object.keys(schema.blocks)];
  const dynamic = dynamicContents(body);

  for (const [name, value] of Object.entries(body)) {
    if (name === 'dynamic' || (topLevel && META_ARGUMENTS.has(name))) continue;
    const block = schema.blocks[name];
    if (block) {
      const bodies = blockBodies(value);
      if (!bodies) {
        violations.push(`${where}: "${name}" is a block: write ${name} { ... }, not ${name} = ...`);
        continue;
      }
      bodies.forEach((nestedBody, index) =>
        violations.push(...checkBlockBody(nestedBody, block, `${where} ${name}[${index}]`)),
      );
    } else if (!(name in schema.arguments)) {
      violations.push(`${where}: unknown argument or block "${name}"${suggestion(name, known)}`);
    }
  }

  for (const [name, contents] of dynamic) {
    const block = schema.blocks[name];
    if (!block) {
      violations.push(
        `${where}: dynamic "${name}" names no block of this type${suggestion(name, known)}`,
      );
      continue;
    }
    contents.forEach((content, index) =>
      violations.push(...checkBlockBody(content, block, `${where} dynamic ${name}[${index}]`)),
    );
  }

  for (const [name, use] of Object.entries(schema.arguments)) {
    if (use === 'required' && !(name in body)) {
      violations.push(`${where}: missing required argument "${name}"`);
    }
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    if (block.required && !(name in body) && !dynamic.has(name)) {
      violations.push(`${where}: missing required block "${name}"`);
    }
  }
  return violations;
}

/**
 * Every resource and data block of the tree against the provider schemas. A type the schema file
 * does not list is a violation too (a new type needs the file regenerated; a misspelt one never
 * existed), except for providers the file says nothing about.
 */
export function checkProviderArguments(tree: TerraformTree, schemas: ProviderSchemas): string[] {
  const violations: string[] = [];
  for (const config of tree.configs) {
    for (const kind of ['resource', 'data'] as const) {
      for (const block of typedBlocks(config, kind)) {
        const file = path.posix.join(config.dir, block.file);
        const where = `${file}: ${kind} ${block.type}.${block.name}`;
        const provider = schemas.providers[providerOf(block.type)];
        const schema = schemas[kind][block.type];
        if (!provider) {
          violations.push(
            `${where}: provider "${providerOf(block.type)}" has no schema (${REGENERATE})`,
          );
        } else if (!schema) {
          violations.push(
            `${where}: no ${kind} type "${block.type}" in ${provider.source} ${provider.version}` +
              ` (misspelt, or new here: ${REGENERATE})`,
          );
        } else {
          violations.push(...checkBlockBody(block.body, schema, where, true));
        }
      }
    }
  }
  return violations;
}

/** The `resource`/`data` types a tree uses, as `resource aws_vpc`, sorted and unique. */
export function usedTypes(tree: TerraformTree): { kind: 'resource' | 'data'; type: string }[] {
  const seen = new Map<string, { kind: 'resource' | 'data'; type: string }>();
  for (const config of tree.configs) {
    for (const kind of ['resource', 'data'] as const) {
      for (const { type } of typedBlocks(config, kind)) seen.set(`${kind} ${type}`, { kind, type });
    }
  }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, used]) => used);
}

/** Whether a version such as 6.25.0 meets a pin such as `~> 6.0` (the only form the pins use). */
export function meetsPessimisticPin(version: string, pin: string): boolean {
  const wanted = /^~>\s*(\d+)\.(\d+)$/.exec(pin);
  const actual = /^(\d+)\.(\d+)/.exec(version);
  if (!wanted || !actual) return false;
  return actual[1] === wanted[1] && Number(actual[2]) >= Number(wanted[2]);
}

/**
 * The schema must come from a provider version the configurations accept: names checked against
 * another major version would prove nothing about the code that is applied.
 */
export function checkSchemaVersions(tree: TerraformTree, schemas: ProviderSchemas): string[] {
  const violations: string[] = [];
  for (const config of tree.configs) {
    for (const settings of terraformSettings(config)) {
      for (const [name, pin] of Object.entries(nested(settings, 'required_providers') ?? {})) {
        if (!isObject(pin) || typeof pin.version !== 'string') continue;
        const provider = schemas.providers[name];
        if (!provider) {
          violations.push(`${config.dir}: provider "${name}" has no schema (${REGENERATE})`);
        } else if (!provider.source.endsWith(`/${String(pin.source)}`)) {
          violations.push(
            `${config.dir}: ${name} is ${String(pin.source)}, the schema is ${provider.source}`,
          );
        } else if (!meetsPessimisticPin(provider.version, pin.version)) {
          violations.push(
            `${config.dir}: ${name} "${pin.version}" does not accept the schema's ${provider.version}` +
              ` (change the package version in the generator and run ${REGENERATE})`,
          );
        }
      }
    }
  }
  return violations;
}
