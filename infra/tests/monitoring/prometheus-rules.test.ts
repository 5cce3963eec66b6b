// The Prometheus recording and alerting rules: valid for promtool, unit-tested by promtool, and
// held to what an on-call engineer needs (severity, summary, description, a runbook that exists).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTool, missingTool } from '@gv/testing';
import { repoRoot } from '../../policy/support/tools.js';
import {
  alertingRules,
  listFiles,
  loadRuleFiles,
  loadRuleTestFiles,
  recordingRules,
  ruleTestsDir,
  rulesDir,
  run,
  runbookPath,
} from '../../policy/monitoring/monitoring-files.js';

const ruleFiles = loadRuleFiles();
const alerts = alertingRules(ruleFiles);
const records = recordingRules(ruleFiles);
const ruleTests = loadRuleTestFiles();

const REQUIRED_ALERTS = [
  'BackendDown',
  'HighErrorRate',
  'HighLatencyP95',
  'PodCrashLooping',
  'DatabaseDown',
  'HighLoginFailureRate',
  'RefreshTokenReuseDetected',
  'LogWriterBacklog',
];

describe('Prometheus rules', () => {
  it('define the alerts the runbooks cover, each once', () => {
    const names = alerts.map((rule) => rule.alert);
    expect(names).toEqual(expect.arrayContaining(REQUIRED_ALERTS));
    expect(new Set(names).size).toBe(names.length);
  });

  it('label every alert critical or warning, which is what Alertmanager routes on', () => {
    for (const rule of alerts) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
    }
  });

  it('give every alert a summary, a description and a runbook page that exists', () => {
    for (const rule of alerts) {
      const annotations = rule.annotations ?? {};
      expect(annotations.summary, `${rule.alert} summary`).toBeTruthy();
      expect(annotations.description, `${rule.alert} description`).toBeTruthy();
      const runbook = runbookPath(annotations.runbook_url ?? '');
      expect(existsSync(runbook), `${rule.alert}: ${path.relative(repoRoot, runbook)}`).toBe(true);
      expect(readFileSync(runbook, 'utf8'), `${rule.alert} runbook title`).toMatch(
        new RegExp(`^# ${rule.alert}\\b`),
      );
    }
  });

  it('list every runbook page in the runbook index', () => {
    const index = readFileSync(path.join(repoRoot, 'docs/runbooks/README.md'), 'utf8');
    for (const rule of alerts) {
      expect(index, rule.alert).toContain(
        path.basename(runbookPath(rule.annotations!.runbook_url!)),
      );
    }
  });

  it('name recording rules level:metric:operations', () => {
    for (const rule of records) {
      expect(rule.record).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/);
    }
    expect(records.map((rule) => rule.record)).toEqual(
      expect.arrayContaining([
        'job:http_requests:rate5m',
        'job:http_request_errors:ratio_rate5m',
        'job:http_request_duration_seconds:p50_5m',
        'job:http_request_duration_seconds:p95_5m',
        'job:http_request_duration_seconds:p99_5m',
      ]),
    );
  });
});

describe('Prometheus rule unit tests (coverage)', () => {
  const cases = ruleTests.flatMap((file) =>
    file.tests.flatMap((test) => test.alert_rule_test ?? []),
  );

  it('have, for every alert, a case where it fires and one where it stays silent', () => {
    for (const rule of alerts) {
      const own = cases.filter((test) => test.alertname === rule.alert);
      expect(
        own.some((test) => (test.exp_alerts ?? []).length > 0),
        `${rule.alert} fires`,
      ).toBe(true);
      expect(
        own.some((test) => (test.exp_alerts ?? []).length === 0),
        `${rule.alert} stays silent`,
      ).toBe(true);
    }
  });

  it('test every recording rule', () => {
    const tested = ruleTests.flatMap((file) =>
      file.tests.flatMap((test) => (test.promql_expr_test ?? []).map((expr) => expr.expr)),
    );
    for (const rule of records) {
      expect(
        tested.some((expr) => expr.includes(rule.record)),
        `${rule.record} has a promql_expr_test`,
      ).toBe(true);
    }
  });

  it('load every rule file from some test file', () => {
    const loaded = new Set(
      ruleTests.flatMap((file) =>
        file.rule_files.map((ruleFile) => path.resolve(path.dirname(file.file), ruleFile)),
      ),
    );
    for (const file of listFiles(rulesDir, '.yml')) {
      expect(loaded.has(file), path.relative(repoRoot, file)).toBe(true);
    }
  });
});

describe.skipIf(missingTool('promtool', 'apt-get install prometheus'))('promtool', () => {
  const promtool = findTool('promtool')!;

  it('accepts every rule file (promtool check rules)', () => {
    const result = run(promtool, ['check', 'rules', ...listFiles(rulesDir, '.yml')]);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.status, result.output).toBe(0);
  });

  it('passes the rule unit tests (promtool test rules)', () => {
    const files = listFiles(ruleTestsDir, '.test.yml');
    const result = run(promtool, ['test', 'rules', ...files]);
    expect(result.status, result.output).toBe(0);
    expect(result.output.match(/SUCCESS/g)?.length).toBe(files.length);
  });
});
