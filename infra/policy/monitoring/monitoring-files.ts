// Reads the files under infra/monitoring the way the tools do, for the checks in this folder:
// Prometheus rule and rule-test files, Grafana dashboards and the PromQL inside them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../support/tools.js';

export const monitoringDir = path.join(repoRoot, 'infra/monitoring');
export const prometheusDir = path.join(monitoringDir, 'prometheus');
export const rulesDir = path.join(prometheusDir, 'rules');
export const ruleTestsDir = path.join(prometheusDir, 'tests');
export const dashboardsDir = path.join(monitoringDir, 'grafana/dashboards');

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RecordingRule {
  record: string;
  expr: string;
}

export interface RuleGroup {
  name: string;
  rules: (AlertingRule | RecordingRule)[];
}

export interface RuleFile {
  file: string;
  groups: RuleGroup[];
}

export function listFiles(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => path.join(dir, name));
}

export function readYaml<T>(file: string): T {
  return parse(readFileSync(file, 'utf8')) as T;
}

export function loadRuleFiles(): RuleFile[] {
  return listFiles(rulesDir, '.yml').map((file) => ({
    file,
    groups: readYaml<{ groups: RuleGroup[] }>(file).groups,
  }));
}

export function alertingRules(ruleFiles = loadRuleFiles()): AlertingRule[] {
  return ruleFiles.flatMap(({ groups }) =>
    groups.flatMap((group) => group.rules.filter((rule): rule is AlertingRule => 'alert' in rule)),
  );
}

export function recordingRules(ruleFiles = loadRuleFiles()): RecordingRule[] {
  return ruleFiles.flatMap(({ groups }) =>
    groups.flatMap((group) =>
      group.rules.filter((rule): rule is RecordingRule => 'record' in rule),
    ),
  );
}

/** docs/runbooks/<file>.md named by an alert's runbook_url. */
export function runbookPath(runbookUrl: string): string {
  const match = /\/blob\/main\/(docs\/runbooks\/[a-z0-9-]+\.md)$/.exec(runbookUrl);
  if (!match?.[1])
    throw new Error(`runbook_url ${runbookUrl} does not point at docs/runbooks/*.md`);
  return path.join(repoRoot, match[1]);
}

// ---- promtool rule unit tests ------------------------------------------------------------------

export interface AlertRuleTest {
  alertname: string;
  eval_time: string;
  exp_alerts?: { exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }[];
}

export interface RuleTestFile {
  file: string;
  rule_files: string[];
  tests: {
    alert_rule_test?: AlertRuleTest[];
    promql_expr_test?: { expr: string; eval_time: string; exp_samples?: unknown[] }[];
  }[];
}

export function loadRuleTestFiles(): RuleTestFile[] {
  return listFiles(ruleTestsDir, '.test.yml').map((file) => ({
    file,
    ...readYaml<Omit<RuleTestFile, 'file'>>(file),
  }));
}

// ---- Grafana dashboards ------------------------------------------------------------------------

export interface DashboardTarget {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
  format?: string;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
}

export interface DashboardVariable {
  name: string;
  type: string;
  query?: string | { query: string };
  definition?: string;
  allValue?: string;
}

export interface Dashboard {
  file: string;
  uid: string;
  title: string;
  schemaVersion: number;
  panels: DashboardPanel[];
  templating?: { list: DashboardVariable[] };
}

export function loadDashboards(): Dashboard[] {
  return listFiles(dashboardsDir, '.json').map((file) => ({
    file,
    ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<Dashboard, 'file'>),
  }));
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): DashboardPanel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export interface DashboardQuery {
  /** `<dashboard uid> / <panel title>`, and the target's refId when a panel has several. */
  where: string;
  panel: string;
  dashboard: string;
  expr: string;
}

/** The PromQL of every panel target and of every query variable (its label_values selector). */
export function dashboardQueries(dashboards = loadDashboards()): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const dashboard of dashboards) {
    for (const panel of allPanels(dashboard)) {
      for (const target of panel.targets ?? []) {
        queries.push({
          where: `${dashboard.uid} / ${panel.title} / ${target.refId}`,
          panel: `${dashboard.uid} / ${panel.title}`,
          dashboard: dashboard.uid,
          expr: target.expr,
        });
      }
    }
    for (const variable of dashboard.templating?.list ?? []) {
      if (variable.type !== 'query') continue;
      const text = typeof variable.query === 'string' ? variable.query : variable.query?.query;
      const selector = /^label_values\((.+),\s*[a-zA-Z_]\w*\)$/.exec(text ?? '')?.[1];
      if (!selector)
        throw new Error(`${dashboard.uid}: variable ${variable.name} is not label_values(...)`);
      queries.push({
        where: `${dashboard.uid} / variable ${variable.name}`,
        panel: `${dashboard.uid} / variable ${variable.name}`,
        dashboard: dashboard.uid,
        expr: selector,
      });
    }
  }
  return queries;
}

/** Grafana's built-in variables a dashboard may use, and what they stand for in the checks. */
export const GRAFANA_BUILTINS: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '15s',
  __range: '1h',
};

/**
 * Replaces Grafana variables with values Prometheus accepts: built-ins with a duration, the
 * dashboard's own multi-value variables with their "All" regex. Throws on an unknown variable,
 * which would reach Prometheus as a syntax error.
 */
export function resolveVariables(
  expr: string,
  dashboard: Dashboard,
  builtins: Record<string, string> = GRAFANA_BUILTINS,
): string {
  const own = new Map(
    (dashboard.templating?.list ?? []).map((variable) => [
      variable.name,
      variable.allValue ?? '.+',
    ]),
  );
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (_match, braced?: string, plain?: string) => {
    const name = (braced ?? plain)!;
    const value = builtins[name] ?? own.get(name);
    if (value === undefined)
      throw new Error(`${dashboard.uid}: unknown variable $${name} in ${expr}`);
    return value;
  });
}

// ---- promtool ----------------------------------------------------------------------------------

export interface ToolResult {
  status: number;
  output: string;
}

/** Runs a tool and returns its exit status and combined output, never throwing on failure. */
export function run(command: string, args: string[], cwd = repoRoot): ToolResult {
  try {
    const output = execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { status: failed.status ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/**
 * Asks Prometheus's own parser about PromQL expressions: each becomes a recording rule in a
 * throw-away file that `promtool check rules` reads. Returns promtool's result.
 */
export function checkPromql(promtool: string, expressions: string[]): ToolResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'gv-promql-'));
  try {
    const file = path.join(dir, 'expressions.yml');
    const rules = expressions.map((expr, index) => ({ record: `check:expression_${index}`, expr }));
    writeFileSync(file, stringify({ groups: [{ name: 'expressions', rules }] }));
    return run(promtool, ['check', 'rules', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
