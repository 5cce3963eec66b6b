// npm run generate:terraform-schema -w infra
// Writes infra/schemas/terraform-providers.json: for every resource and data source type that
// infra/terraform uses, the argument and block names its provider declares and which are required.
// The Terraform tests check every .tf file against it (infra/policy/terraform/provider-schema.ts).
//
// Where the names come from, without downloading a provider (this machine cannot):
// - hashicorp/aws, random and tls: the @cdktf/provider-* npm packages, which are generated from
//   each provider's own schema. @cdktf/provider-aws is about 390 MB unpacked, so it is never a
//   dependency: the tarball is fetched with `npm pack` into a temporary folder and only the folders
//   of the types used here are unpacked. Each type's generated code lists its Terraform names with
//   `isBlock` (synthesizeHclAttributes / *ToHclTerraform in the .js) and which are optional (the
//   `?` of the config interfaces in the .d.ts).
// - Terraform's built-in provider (terraform_data): `terraform providers schema -json` on a
//   throwaway configuration, which needs no download.
// Run it again after adding a resource type or moving to another provider version.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import ts from 'typescript';
import {
  type BlockSchema,
  type NestedBlockSchema,
  type ProviderSchemas,
  type ProviderSource,
  REGENERATE,
  providerOf,
  providerSchemaFile,
  usedTypes,
} from '../policy/terraform/provider-schema.js';
import { loadTerraformTree } from '../policy/terraform/terraform-tree.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Pinned so that the file changes only when someone moves a version on purpose. Each package's
// package.json names the provider version it was generated from (`cdktf.provider.version`).
const CDKTF_PACKAGES: Record<string, string> = {
  aws: '@cdktf/provider-aws@21.22.1',
  random: '@cdktf/provider-random@12.0.1',
  tls: '@cdktf/provider-tls@11.0.1',
};
const BUILTIN_PROVIDER = 'terraform';

type Kind = 'resource' | 'data';

/** One entry of a generated `attrs` object: a Terraform name and how cdktf serialises it. */
interface GeneratedAttribute {
  name: string;
  /** The property of the TypeScript config interface that carries it. */
  property: string;
  isBlock: boolean;
  /** For blocks: the `<struct>ToHclTerraform` function that serialises one block. */
  blockFunction?: string;
}

/** What one type's folder of generated code says. */
interface GeneratedCode {
  /** Interface name -> property name -> optional. */
  interfaces: Map<string, Map<string, boolean>>;
  /** `<struct>ToHclTerraform` function name -> its attributes. */
  functions: Map<string, GeneratedAttribute[]>;
  /** The class: its Terraform type, config interface and attributes. */
  tfType?: string;
  configInterface?: string;
  classAttributes?: GeneratedAttribute[];
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}

/** The attributes of an `attrs = { name: { value, isBlock, ... }, ... }` object literal. */
function readAttrs(
  literal: ts.ObjectLiteralExpression,
  source: ts.SourceFile,
): GeneratedAttribute[] {
  const attributes: GeneratedAttribute[] = [];
  for (const entry of literal.properties) {
    if (!ts.isPropertyAssignment(entry) || !ts.isObjectLiteralExpression(entry.initializer))
      continue;
    const fields = new Map<string, string>();
    for (const field of entry.initializer.properties) {
      if (ts.isPropertyAssignment(field)) {
        fields.set(field.name.getText(source), field.initializer.getText(source));
      }
    }
    const value = fields.get('value') ?? '';
    const property = /(?:this\._|struct\.)(\w+)/.exec(value)?.[1];
    const name = entry.name.getText(source).replace(/^["']|["']$/g, '');
    if (!property) throw new Error(`Cannot tell which property carries "${name}" in: ${value}`);
    const isBlock = fields.get('isBlock') === 'true';
    const blockFunction = /(?<![\w.])(\w+)ToHclTerraform\b/.exec(value)?.[1];
    if (isBlock && !blockFunction)
      throw new Error(`Block "${name}" has no serialiser in: ${value}`);
    attributes.push({ name, property, isBlock, ...(isBlock ? { blockFunction } : {}) });
  }
  return attributes;
}

/** The `attrs` object literal declared inside a function or method body. */
function attrsLiteral(body: ts.Node | undefined): ts.ObjectLiteralExpression | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText() === 'attrs' &&
      node.initializer &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      found = node.initializer;
    } else {
      ts.forEachChild(node, visit);
    }
  };
  if (body) visit(body);
  return found;
}

function readGeneratedCode(dir: string): GeneratedCode {
  const code: GeneratedCode = { interfaces: new Map(), functions: new Map() };
  for (const file of listFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const isDeclaration = file.endsWith('.d.ts');
    if (!isDeclaration && !file.endsWith('.js')) continue;
    const kind = isDeclaration ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    for (const statement of source.statements) {
      if (isDeclaration && ts.isInterfaceDeclaration(statement)) {
        const properties = new Map<string, boolean>();
        for (const member of statement.members) {
          if (ts.isPropertySignature(member)) {
            properties.set(member.name.getText(source), member.questionToken !== undefined);
          }
        }
        code.interfaces.set(statement.name.text, properties);
      } else if (isDeclaration && ts.isClassDeclaration(statement)) {
        for (const member of statement.members) {
          if (
            ts.isPropertyDeclaration(member) &&
            member.name.getText(source) === 'tfResourceType'
          ) {
            code.tfType = member.initializer?.getText(source).replace(/"/g, '');
          }
          if (ts.isConstructorDeclaration(member)) {
            code.configInterface = member.parameters
              .find((parameter) => parameter.name.getText(source) === 'config')
              ?.type?.getText(source);
          }
        }
      } else if (!isDeclaration && ts.isFunctionDeclaration(statement)) {
        const name = statement.name?.text ?? '';
        const literal = name.endsWith('ToHclTerraform') ? attrsLiteral(statement.body) : undefined;
        if (literal) {
          code.functions.set(name.replace(/ToHclTerraform$/, ''), readAttrs(literal, source));
        }
      } else if (!isDeclaration && ts.isClassDeclaration(statement)) {
        const method = statement.members.find(
          (member) => member.name?.getText(source) === 'synthesizeHclAttributes',
        );
        const literal = attrsLiteral(method);
        if (literal) code.classAttributes = readAttrs(literal, source);
      }
    }
  }
  return code;
}

function blockSchema(
  code: GeneratedCode,
  attributes: GeneratedAttribute[],
  interfaceName: string,
  where: string,
): BlockSchema {
  const optional = code.interfaces.get(interfaceName);
  if (!optional) throw new Error(`${where}: no interface ${interfaceName} in the generated code`);
  const schema: BlockSchema = { arguments: {}, blocks: {} };
  for (const attribute of attributes) {
    const isOptional = optional.get(attribute.property);
    if (isOptional === undefined) {
      throw new Error(`${where}: ${interfaceName} has no property ${attribute.property}`);
    }
    if (!attribute.isBlock) {
      schema.arguments[attribute.name] = isOptional ? 'optional' : 'required';
      continue;
    }
    const fn = attribute.blockFunction!;
    const nested = code.functions.get(fn);
    if (!nested) throw new Error(`${where}: no ${fn}ToHclTerraform for block ${attribute.name}`);
    const structName = fn[0]!.toUpperCase() + fn.slice(1);
    const inner = blockSchema(code, nested, structName, `${where} ${attribute.name}`);
    schema.blocks[attribute.name] = { required: !isOptional, ...inner };
  }
  return schema;
}

/** cdktf's folder for a type: `aws_s3_bucket` -> `s3-bucket`, data `aws_region` -> `data-aws-region`. */
function cdktfFolder(kind: Kind, type: string): string {
  const name = kind === 'data' ? `data_${type}` : type.slice(type.indexOf('_') + 1);
  return `package/lib/${name.replace(/_/g, '-')}`;
}

function fromCdktfPackage(
  spec: string,
  types: { kind: Kind; type: string }[],
  workDir: string,
): { provider: ProviderSource; schemas: { kind: Kind; type: string; schema: BlockSchema }[] } {
  console.log(`  npm pack ${spec}`);
  const tarball = run('npm', ['pack', spec, '--silent', '--pack-destination', workDir], workDir)
    .trim()
    .split('\n')
    .pop()!;
  const members = new Set(run('tar', ['-tzf', tarball], workDir).split('\n'));
  const folders = types.map(({ kind, type }) => {
    const folder = cdktfFolder(kind, type);
    if (!members.has(`${folder}/index.js`)) {
      throw new Error(`${spec} has no ${kind} ${type} (looked for ${folder}); is the name right?`);
    }
    return folder;
  });
  run('tar', ['-xzf', tarball, 'package/package.json', ...folders], workDir);
  const manifest = JSON.parse(readFileSync(path.join(workDir, 'package/package.json'), 'utf8')) as {
    cdktf: { provider: { name: string; version: string } };
  };
  const schemas = types.map(({ kind, type }, index) => {
    const code = readGeneratedCode(path.join(workDir, folders[index]!));
    if (code.tfType !== type || !code.configInterface || !code.classAttributes) {
      throw new Error(`${folders[index]} of ${spec} does not describe ${kind} ${type}`);
    }
    const schema = blockSchema(code, code.classAttributes, code.configInterface, `${kind} ${type}`);
    return { kind, type, schema };
  });
  rmSync(path.join(workDir, 'package'), { recursive: true, force: true });
  const { name, version } = manifest.cdktf.provider;
  return { provider: { source: name, version, from: spec }, schemas };
}

/** A block of `terraform providers schema -json` (attributes and block_types). */
interface TerraformSchemaBlock {
  attributes?: Record<string, { required?: boolean; optional?: boolean }>;
  block_types?: Record<string, { min_items?: number; block: TerraformSchemaBlock }>;
}

function fromTerraformSchema(block: TerraformSchemaBlock): BlockSchema {
  const schema: BlockSchema = { arguments: {}, blocks: {} };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    // Computed-only attributes (id, output) cannot be set.
    if (attribute.required) schema.arguments[name] = 'required';
    else if (attribute.optional) schema.arguments[name] = 'optional';
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const inner: NestedBlockSchema = {
      required: (nested.min_items ?? 0) > 0,
      ...fromTerraformSchema(nested.block),
    };
    schema.blocks[name] = inner;
  }
  return schema;
}

function fromBuiltinProvider(
  types: { kind: Kind; type: string }[],
  workDir: string,
): { provider: ProviderSource; schemas: { kind: Kind; type: string; schema: BlockSchema }[] } {
  console.log('  terraform providers schema -json (built-in provider)');
  const dir = mkdtempSync(path.join(workDir, 'builtin-'));
  // Terraform loads a provider's schema only when the configuration uses one of its types.
  const blocks = types.map(({ kind, type }) => `${kind} "${type}" "schema" {}\n`);
  writeFileSync(path.join(dir, 'main.tf'), blocks.join(''));
  run('terraform', ['init', '-input=false', '-backend=false', '-no-color'], dir);
  const output = JSON.parse(run('terraform', ['providers', 'schema', '-json'], dir)) as {
    provider_schemas: Record<
      string,
      {
        resource_schemas?: Record<string, { block: TerraformSchemaBlock }>;
        data_source_schemas?: Record<string, { block: TerraformSchemaBlock }>;
      }
    >;
  };
  const version = (
    JSON.parse(run('terraform', ['version', '-json'], dir)) as {
      terraform_version: string;
    }
  ).terraform_version;
  const source = 'terraform.io/builtin/terraform';
  const builtin = output.provider_schemas[source];
  if (!builtin) throw new Error(`terraform providers schema -json has no ${source}`);
  const schemas = types.map(({ kind, type }) => {
    const found = (kind === 'resource' ? builtin.resource_schemas : builtin.data_source_schemas)?.[
      type
    ];
    if (!found) throw new Error(`Terraform ${version} has no built-in ${kind} ${type}`);
    return { kind, type, schema: fromTerraformSchema(found.block) };
  });
  return { provider: { source, version, from: `terraform ${version}` }, schemas };
}

/** Objects with their keys sorted, so a regenerated file differs only where a schema did. */
function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, child]) => [key, sortKeys(child)]),
  ) as T;
}

async function main(): Promise<void> {
  const tree = await loadTerraformTree(path.join(repoRoot, 'infra/terraform'));
  const byProvider = new Map<string, { kind: Kind; type: string }[]>();
  for (const used of usedTypes(tree)) {
    const provider = providerOf(used.type);
    byProvider.set(provider, [...(byProvider.get(provider) ?? []), used]);
  }
  const output: ProviderSchemas = {
    generatedBy: REGENERATE,
    providers: {},
    resource: {},
    data: {},
  };
  const workDir = mkdtempSync(path.join(tmpdir(), 'terraform-schema-'));
  try {
    for (const [provider, types] of [...byProvider].sort(([a], [b]) => a.localeCompare(b))) {
      const spec = CDKTF_PACKAGES[provider];
      if (!spec && provider !== BUILTIN_PROVIDER) {
        throw new Error(
          `No schema source for provider "${provider}": add its @cdktf package above`,
        );
      }
      const result = spec
        ? fromCdktfPackage(spec, types, workDir)
        : fromBuiltinProvider(types, workDir);
      output.providers[provider] = result.provider;
      for (const { kind, type, schema } of result.schemas) output[kind][type] = schema;
      console.log(`  ${provider}: ${types.length} types from ${result.provider.from}`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  // Compact: prettier keeps every object that fits on one line on one line.
  const style = await prettier.resolveConfig(providerSchemaFile);
  const text = await prettier.format(JSON.stringify(sortKeys(output)), {
    ...style,
    parser: 'json',
  });
  writeFileSync(providerSchemaFile, text);
  console.log(`Wrote ${path.relative(repoRoot, providerSchemaFile)} (${text.length} bytes)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error('The schema file was not changed.');
  process.exit(1);
});
