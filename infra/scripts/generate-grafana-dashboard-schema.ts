// npm run generate:grafana-schema -w infra
// Writes infra/schemas/grafana-dashboard.schema.json, the JSON Schema the Grafana tests validate
// the dashboards under infra/monitoring/grafana/dashboards against
// (infra/policy/monitoring/grafana-schema.ts).
//
// The schema is generated, not written: @grafana/schema (Grafana's own TypeScript types, generated
// from its CUE definitions) is fetched with `npm pack` into a temporary folder, and
// ts-json-schema-generator turns its classic dashboard model (`Dashboard` in
// dist/types/raw/dashboard/x/types.gen.d.ts, the JSON that file provisioning loads) into a JSON
// Schema. Every object type there lists its keys, so the schema rejects unknown keys (a misspelt
// `gridpos` on a panel, `unitt` in fieldConfig.defaults) by itself.
//
// Where this script changes what the generator wrote, it says why below (ADJUSTMENTS). It relaxes
// only what Grafana itself writes and the types leave out, one key at a time; it does not accept
// the import-only keys of shared dashboards (`__inputs`, `__requires`, `__elements`): provisioned
// dashboards never carry them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outputFile = path.join(repoRoot, 'infra/schemas/grafana-dashboard.schema.json');

// Pinned so that the schema changes only when someone moves a version on purpose.
// ts-json-schema-generator 2.4 is the newest release that supports Node.js 20.
const GRAFANA_SCHEMA = '@grafana/schema@13.2.3';
const GENERATOR = 'ts-json-schema-generator@2.4.0';
const DASHBOARD_TYPES = 'package/dist/types/raw/dashboard/x/types.gen.d.ts';

type JsonSchema = { [key: string]: unknown };

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function definition(schema: JsonSchema, name: string): JsonSchema {
  const definitions = schema.definitions as Record<string, JsonSchema> | undefined;
  const found = definitions?.[name];
  if (!found) throw new Error(`The generated schema has no definition "${name}"`);
  return found;
}

function properties(schema: JsonSchema, name: string): Record<string, JsonSchema> {
  const found = definition(schema, name).properties as Record<string, JsonSchema> | undefined;
  if (!found) throw new Error(`"${name}" in the generated schema has no properties`);
  return found;
}

/** Each changes the generated schema in one place; each fails loudly if that place moved. */
const ADJUSTMENTS: { why: string; apply: (schema: JsonSchema) => void }[] = [
  {
    // The types give `panels` as Panel | RowPanel (an anyOf). A typo in a panel then fails both
    // branches and the report lists every key a row lacks; and a `"type": "row"` object without
    // a row's keys would pass as a Panel. Choosing the branch by `type` reports the typo alone.
    why: 'dashboard panels: a row by its type, any other type as a Panel',
    apply(schema) {
      const panels = properties(schema, 'Dashboard').panels;
      const items = panels?.items as JsonSchema | undefined;
      const branches = JSON.stringify(items?.anyOf);
      const expected = JSON.stringify([
        { $ref: '#/definitions/Panel' },
        { $ref: '#/definitions/RowPanel' },
      ]);
      if (!panels || branches !== expected) {
        throw new Error(`Dashboard.panels.items is no longer Panel | RowPanel: ${branches}`);
      }
      panels.items = {
        if: { properties: { type: { const: 'row' } }, required: ['type'] },
        then: { $ref: '#/definitions/RowPanel' },
        else: { $ref: '#/definitions/Panel' },
      };
    },
  },
  {
    // Grafana's variable editor saves a query variable's query as text in `definition` (the
    // string shown in the variables list); VariableModel in the types leaves it out.
    why: 'template variables: `definition`, which Grafana writes for query variables',
    apply(schema) {
      const variable = properties(schema, 'VariableModel');
      if (variable.definition) throw new Error('VariableModel has `definition` now: drop this');
      variable.definition = {
        type: 'string',
        description: 'Query variables: the query as text, as Grafana saves it.',
      };
    },
  },
  {
    // A Prometheus annotation query (the fault-injection markers on the service overview) is
    // saved by Grafana's annotation editor with its PromQL and display options at the top level;
    // AnnotationQuery in the types only knows the built-in Grafana datasource's `target`.
    why: 'annotation queries: the Prometheus datasource keys Grafana saves with them',
    apply(schema) {
      const annotation = properties(schema, 'AnnotationQuery');
      if (annotation.expr) throw new Error('AnnotationQuery has `expr` now: drop this');
      const text = (description: string) => ({ type: 'string', description });
      annotation.expr = text('Prometheus: the PromQL whose series mark the time they exist');
      annotation.step = text('Prometheus: the resolution of the annotation query, e.g. 15s');
      annotation.titleFormat = text('Prometheus: the marker title, with {{label}} templates');
      annotation.textFormat = text('Prometheus: the marker text, with {{label}} templates');
      annotation.tagKeys = text('Prometheus: comma-separated labels shown as tags');
      annotation.useValueForTime = {
        type: 'boolean',
        description: 'Prometheus: take the time of the marker from the sample value',
      };
    },
  },
];

async function main(): Promise<void> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'grafana-schema-'));
  try {
    console.log(`  npm pack ${GRAFANA_SCHEMA}`);
    const tarball = run('npm', ['pack', GRAFANA_SCHEMA, '--silent'], workDir)
      .trim()
      .split('\n')
      .pop()!;
    run('tar', ['-xzf', tarball, DASHBOARD_TYPES], workDir);
    console.log(`  ${GENERATOR} --type Dashboard`);
    const generated = run(
      'npm',
      [
        'exec',
        '--yes',
        `--package=${GENERATOR}`,
        '--',
        'ts-json-schema-generator',
        '--path',
        DASHBOARD_TYPES,
        '--type',
        'Dashboard',
        // The .d.ts is Grafana's published output; checking it again would need its imports.
        '--no-type-check',
      ],
      workDir,
    );
    const schema = JSON.parse(generated) as JsonSchema;
    for (const adjustment of ADJUSTMENTS) {
      adjustment.apply(schema);
      console.log(`  adjusted: ${adjustment.why}`);
    }
    const documented: JsonSchema = {
      $schema: schema.$schema,
      $comment:
        `Generated by npm run generate:grafana-schema -w infra from Dashboard in ${GRAFANA_SCHEMA}` +
        ` (${DASHBOARD_TYPES.replace('package/', '')}) with ${GENERATOR}, adjusted where` +
        ` infra/scripts/generate-grafana-dashboard-schema.ts says why. Do not edit by hand.`,
      ...schema,
    };
    const style = await prettier.resolveConfig(outputFile);
    const text = await prettier.format(JSON.stringify(documented), { ...style, parser: 'json' });
    writeFileSync(outputFile, text);
    console.log(`Wrote ${path.relative(repoRoot, outputFile)} (${text.length} bytes)`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error('The schema file was not changed.');
  process.exit(1);
});
