// End to end: the built backend on a fresh PostgreSQL database, scraped by a real Prometheus that
// loads the project's rules. After real traffic (sign-ups, logins, failures, a lockout, a token
// refresh and a refresh-token reuse), Prometheus's HTTP API must show the target up, values for
// every recording rule and every dashboard query, and BackendDown firing once the backend stops.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  createTestDatabase,
  findTool,
  freePort,
  getJson,
  missingBackendBuild,
  missingService,
  missingTool,
  startBackend,
  startProcess,
  waitFor,
  type RunningProcess,
  type TestDatabase,
} from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { criLineParser } from '../../policy/monitoring/fluentd-config.js';
import {
  dashboardQueries,
  loadDashboards,
  monitoringDir,
  recordingRules,
  resolveVariables,
} from '../../policy/monitoring/monitoring-files.js';
import {
  query as queryPrometheus,
  renderRules,
  startPrometheus,
  waitForTarget,
  type QueryResponse,
} from './live-stack.js';
import { browserLikeClient, currentAlerts, firingAlert, generateTraffic } from './live-traffic.js';

/**
 * Dashboard panels fed by exporters this test may not run. Their queries must still be valid;
 * they must return data only when the exporter runs here (postgres-exporter does when the Debian
 * package prometheus-postgres-exporter is installed; kube-state-metrics needs a cluster).
 */
const EXPORTER_PANELS: Record<string, string[]> = {
  'postgres-exporter': [
    'gv-database / variable datname',
    'gv-database / PostgreSQL up',
    'gv-database / Connections used',
    'gv-database / Database size',
    'gv-database / Cache hit ratio',
    'gv-database / Longest transaction',
    'gv-database / Deadlocks (24h)',
    'gv-database / Transactions per second',
    'gv-database / Connections by database',
    'gv-database / Rows per second',
    'gv-database / Locks by mode',
    'gv-database / Sessions in the database',
    'gv-database / Users by role and status',
    'gv-database / Logs table',
  ],
  'kube-state-metrics': ['gv-nodejs-runtime / Container restarts (Kubernetes)'],
};

/** How the dashboards' Grafana variables read in this test: 1 s scrapes, a few minutes of data. */
const LIVE_BUILTINS = { __rate_interval: '30s', __interval: '1s', __range: '5m' };
const BACKEND_DOWN_FOR = '5s';

const skipReason =
  missingService('TEST_DATABASE_URL') ??
  missingBackendBuild() ??
  missingTool('prometheus', 'apt-get install prometheus');

describe.skipIf(skipReason)('monitoring end to end: backend, PostgreSQL and Prometheus', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'gv-monitoring-live-'));
  let database: TestDatabase | undefined;
  let databaseUrl = '';
  let backend: RunningProcess | undefined;
  let prometheus: RunningProcess | undefined;
  let exporter: RunningProcess | undefined;
  let backendUrl = '';
  let metricsPort = 0;
  let prometheusUrl = '';
  let stopTraffic: (() => Promise<void>) | undefined;

  const query = (promql: string) => queryPrometheus(prometheusUrl, promql);

  const hasValues = (response: QueryResponse) =>
    response.status === 'success' && response.data.result.length > 0;

  const finiteValues = (response: QueryResponse) =>
    response.data.result.filter((sample) => Number.isFinite(Number(sample.value[1])));

  beforeAll(async () => {
    database = await createTestDatabase('gv_mon');
    databaseUrl = database.url;

    // The backend as in production; it applies the migrations at start-up.
    const backendPort = await freePort();
    metricsPort = await freePort();
    backendUrl = `http://127.0.0.1:${backendPort}`;
    backend = await startBackend({
      from: 'build',
      port: backendPort,
      env: {
        NODE_ENV: 'production',
        METRICS_PORT: String(metricsPort),
        DATABASE_URL: databaseUrl,
        JWT_SECRET: randomBytes(32).toString('hex'),
        RATE_LIMIT_ENABLED: 'false',
        SERVE_FRONTEND: 'false',
        SHUTDOWN_TIMEOUT: '5s',
      },
    });

    // postgres-exporter with the project's custom queries, when it is installed.
    const exporterBinary =
      findTool('prometheus-postgres-exporter') ?? findTool('postgres_exporter');
    let exporterPort: number | undefined;
    if (exporterBinary) {
      exporterPort = await freePort();
      const dsn = new URL(databaseUrl);
      dsn.searchParams.set('sslmode', 'disable');
      exporter = startProcess(
        exporterBinary,
        [
          `--web.listen-address=127.0.0.1:${exporterPort}`,
          `--extend.query-path=${path.join(monitoringDir, 'postgres-exporter/queries.yaml')}`,
        ],
        { env: { PATH: process.env.PATH, DATA_SOURCE_NAME: dsn.toString() } },
      );
    } else {
      console.warn(
        'NOTE: prometheus-postgres-exporter is not installed; database panels are only parsed',
      );
    }

    // Prometheus with the project's rules; BackendDown's `for` shortened so the test can wait.
    const rules = renderRules(workDir, { BackendDown: BACKEND_DOWN_FOR });
    const live = await startPrometheus({
      workDir,
      rulesDirectory: rules.dir,
      targets: {
        'gv-backend': `127.0.0.1:${metricsPort}`,
        ...(exporterPort ? { 'postgres-exporter': `127.0.0.1:${exporterPort}` } : {}),
      },
    });
    prometheus = live.process;
    prometheusUrl = live.url;
    await waitForTarget(live, 'gv-backend');

    stopTraffic = await generateTraffic(browserLikeClient(backendUrl));
  }, 180_000);

  afterAll(async () => {
    await stopTraffic?.();
    await Promise.all([backend?.stop(), prometheus?.stop(), exporter?.stop()]);
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('shows the backend target up under job gv-backend', async () => {
    const targets = await getJson<{
      data: { activeTargets: { labels: Record<string, string>; health: string }[] };
    }>(`${prometheusUrl}/api/v1/targets`);
    const backendTargets = targets?.data.activeTargets.filter(
      (target) => target.labels.job === 'gv-backend',
    );
    expect(backendTargets?.map((target) => target.health)).toEqual(['up']);
  });

  it('produces a value for every recording rule', async () => {
    const records = recordingRules().map((rule) => rule.record);
    const missing = await waitFor(
      'values for every recording rule',
      async () => {
        const empty: string[] = [];
        for (const record of records) {
          if (finiteValues(await query(record)).length === 0) empty.push(record);
        }
        return empty.length === 0 ? empty : undefined;
      },
      45_000,
      1_000,
    ).catch((error: Error) => [error.message]);
    expect(missing).toEqual([]);
  }, 60_000);

  it('answers every dashboard query, with data unless its exporter is absent', async () => {
    const dashboards = loadDashboards();
    const queries = dashboardQueries(dashboards);
    const listed = Object.values(EXPORTER_PANELS).flat();
    const panels = new Set(queries.map((entry) => entry.panel));
    // The list names real panels only: a renamed panel must be renamed here too.
    for (const panel of listed) expect(panels.has(panel), panel).toBe(true);

    const running = new Set(['gv-backend', ...(exporter ? ['postgres-exporter'] : [])]);
    const mustHaveData = (panel: string) =>
      !Object.entries(EXPORTER_PANELS).some(
        ([source, names]) => !running.has(source) && names.includes(panel),
      );

    // Every query that fails, or has no data although its source runs.
    const dashboardProblems = async () => {
      const found: string[] = [];
      for (const entry of queries) {
        const dashboard = dashboards.find((candidate) => candidate.uid === entry.dashboard)!;
        const promql = resolveVariables(entry.expr, dashboard, LIVE_BUILTINS);
        const response = await query(promql);
        if (response.status !== 'success') found.push(`${entry.where}: ${response.error}`);
        else if (mustHaveData(entry.panel) && !hasValues(response)) {
          found.push(`${entry.where}: no data for ${promql}`);
        }
      }
      return found;
    };
    const problems = await waitFor(
      'data for the dashboard queries',
      async () => ((await dashboardProblems()).length === 0 ? [] : undefined),
      45_000,
      2_000,
    ).catch(dashboardProblems); // report what is still wrong after the deadline
    expect(problems).toEqual([]);
  }, 90_000);

  it('runs the postgres-exporter custom queries on the migrated schema', async () => {
    const queries = parse(
      readFileSync(path.join(monitoringDir, 'postgres-exporter/queries.yaml'), 'utf8'),
    ) as Record<string, { query: string; metrics: Record<string, { usage: string }>[] }>;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const [name, definition] of Object.entries(queries)) {
        const result = await client.query(definition.query);
        const declared = definition.metrics.flatMap((metric) => Object.keys(metric)).sort();
        expect(result.fields.map((field) => field.name).sort(), name).toEqual(declared);
      }
    } finally {
      await client.end();
    }
    if (exporter) {
      const metrics = await (await fetch(`${prometheusUrl}/api/v1/label/__name__/values`)).json();
      expect((metrics as { data: string[] }).data).toEqual(
        expect.arrayContaining(['gv_sessions_active', 'gv_users_count', 'gv_logs_rows_estimate']),
      );
    }
  });

  it('fires RefreshTokenReuseDetected after the reused refresh token', async () => {
    const firing = await firingAlert(prometheusUrl, 'RefreshTokenReuseDetected', 20_000).catch(
      () => undefined,
    );
    expect(firing?.labels).toMatchObject({ job: 'gv-backend', severity: 'warning' });
  }, 30_000);

  it('writes stdout lines that Fluentd parses into records with the app fields', () => {
    const cri = criLineParser();
    const lines = backend!
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      const wrapped = cri.exec(`2025-03-14T09:26:53.589712345Z stdout F ${line}`);
      const record = JSON.parse(wrapped!.groups!.log!) as Record<string, unknown>;
      expect(record, line).toMatchObject({
        timestamp: expect.any(String),
        level: expect.any(String),
        message: expect.any(String),
      });
    }
    const access = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record.message === 'request completed');
    expect(access.length).toBeGreaterThan(0);
    expect(access[0]).toMatchObject({ requestId: expect.any(String), route: expect.any(String) });
  });

  it('fires BackendDown once the backend is stopped', async () => {
    const before = await currentAlerts(prometheusUrl);
    expect(before.filter((alert) => alert.labels.alertname === 'BackendDown')).toEqual([]);

    await stopTraffic?.();
    await backend!.stop('SIGTERM');

    const alert = await firingAlert(prometheusUrl, 'BackendDown', 30_000);
    expect(alert.labels).toMatchObject({ job: 'gv-backend', severity: 'critical' });
  }, 45_000);
});
