// Validates Grafana dashboard JSON against the schema generated from Grafana's own dashboard types
// (infra/schemas/grafana-dashboard.schema.json, written by
// infra/scripts/generate-grafana-dashboard-schema.ts), reporting each problem as a line an operator
// can act on: file, JSON path, panel title and the offending key.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { repoRoot } from '../support/tools.js';

export const dashboardSchemaFile = path.join(
  repoRoot,
  'infra/schemas/grafana-dashboard.schema.json',
);

let compiled: ValidateFunction | undefined;

function dashboardValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(dashboardSchemaFile, 'utf8')) as object;
    // allErrors: report every misspelt key at once, not the first one only.
    compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
}

/** The value at a JSON Pointer such as `/panels/3/gridPos`, or undefined. */
function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** ` ("Request rate")`: the title of the innermost panel a pointer lies in, when there is one. */
function panelTitle(dashboard: unknown, pointer: string): string {
  const panel = /^(.*\/panels\/\d+)/.exec(pointer)?.[1];
  const title = panel
    ? (valueAt(dashboard, panel) as { title?: unknown } | undefined)?.title
    : undefined;
  return typeof title === 'string' ? ` ("${title}")` : '';
}

function describeError(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(error.params.additionalProperty)}"`;
    case 'required':
      return `missing required key "${String(error.params.missingProperty)}"`;
    case 'enum':
      return `${error.message} ${JSON.stringify(error.params.allowedValues)}`;
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * The schema violations of one dashboard, as `<path> ("<panel title>"): <problem>`. The
 * if/then/else that picks a row or a panel schema adds a summary error of its own; the errors
 * underneath it say what is wrong, so it is left out.
 */
export function checkDashboard(dashboard: unknown): string[] {
  const validate = dashboardValidator();
  if (validate(dashboard)) return [];
  return (validate.errors ?? [])
    .filter((error) => error.keyword !== 'if')
    .map((error) => {
      const where = error.instancePath || '/';
      return `${where}${panelTitle(dashboard, error.instancePath)}: ${describeError(error)}`;
    });
}

/** Every `*.json` dashboard in a folder, each violation prefixed by its file name. */
export function checkDashboardFolder(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => {
      const dashboard = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown;
      return checkDashboard(dashboard).map((violation) => `${name} ${violation}`);
    });
}
