// Where the System page's numbers (GET /api/admin/stats) come from. With PROMETHEUS_URL: two real
// backend processes on one PostgreSQL database, scraped on their metrics ports by a real Prometheus
// that evaluates the project's recording rules, and either backend answers with the deployment's
// numbers. Without Prometheus, or while it gives none, the answer is the instance's own and names it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { AdminStats } from '@gv/contract';
import {
  createTestDatabase,
  findTool,
  freePort,
  missingService,
  missingTool,
  repoRoot,
  startBackend,
  startProcess,
  waitFor,
  waitForStatus,
  type BackendProcess,
  type RunningProcess,
  type TestDatabase,
} from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/env.js';
import { openDatabase } from '../db/database.js';
import { runMigrations } from '../db/migrate.js';
import {
  createAdmin,
  createTestBackend,
  useTestBackend,
  type TestBackend,
} from '../test-support/test-backend.js';

const thisInstance = `${hostname()} pid ${process.pid}`;

describe('System page numbers without Prometheus', () => {
  async function statsFrom(backend: TestBackend, query = ''): Promise<AdminStats> {
    const admin = await createAdmin(backend);
    return (await backend.http.get(`/api/admin/stats${query}`).set(admin.auth).expect(200)).body;
  }

  describe('when PROMETHEUS_URL is not set', () => {
    const backend = useTestBackend();

    it('shows the answering instance, named', async () => {
      const stats = await statsFrom(backend, '?include=history');
      expect(stats).toMatchObject({
        source: 'local',
        fallbackReason: 'not-configured',
        instance: thisInstance,
        instances: 1,
      });
      expect(stats.requestsTotal).toBeGreaterThan(0);
      expect(stats.history).toBeUndefined();
    });

    it('answers 400 with the field for an unknown include', async () => {
      const admin = await createAdmin(backend);
      const response = await backend.http
        .get('/api/admin/stats?include=everything')
        .set(admin.auth)
        .expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ path: 'include', message: 'include must be "history"' }),
      ]);
    });
  });

  describe('when PROMETHEUS_URL points nowhere', () => {
    // Nothing listens on port 1: the connection is refused at once.
    const backend = useTestBackend({ env: { PROMETHEUS_URL: 'http://127.0.0.1:1' } });

    it('falls back to the instance and says why, in the answer and once in the log', async () => {
      const admin = await createAdmin(backend);
      const stats: AdminStats = (
        await backend.http.get('/api/admin/stats').set(admin.auth).expect(200)
      ).body;
      expect(stats).toMatchObject({
        source: 'local',
        fallbackReason: 'unreachable',
        instance: thisInstance,
      });
      await backend.http.get('/api/admin/stats').set(admin.auth).expect(200);
      const warnings = backend.logLines.filter((line) =>
        String(line.message).includes('Prometheus gave no numbers'),
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 'warn', reason: 'unreachable' });
    });
  });

  describe('when Prometheus accepts connections but never answers', () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    let backend: TestBackend | undefined;

    beforeAll(async () => {
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as net.AddressInfo;
      backend = await createTestBackend({ env: { PROMETHEUS_URL: `http://127.0.0.1:${port}` } });
    });
    afterAll(async () => {
      for (const socket of held) socket.destroy();
      silent.close();
      await backend?.dispose();
    });

    it('does not wait for it', async () => {
      expect(await statsFrom(backend!)).toMatchObject({
        source: 'local',
        fallbackReason: 'unreachable',
      });
    });

    it('asks it once while it stays silent, not for every figure on every refresh', async () => {
      // Each request to a Prometheus that is away holds a connection, and for a name that does not
      // resolve a libuv thread for the resolver's timeout: the threads sign-ins hash their
      // passwords on. Refreshes inside the back-off answer without asking at all.
      const before = held.length;
      for (const query of ['?include=history', '', '']) {
        expect(await statsFrom(backend!, query)).toMatchObject({ fallbackReason: 'unreachable' });
      }
      expect(held.length - before).toBeLessThanOrEqual(1);
    });
  });

  it('refuses to start with a PROMETHEUS_URL that is not http(s)', () => {
    expect(() => loadConfig({ PROMETHEUS_URL: 'prometheus:9090' })).toThrow(ConfigError);
    expect(() => loadConfig({ PROMETHEUS_URL: 'ftp://prometheus:9090' })).toThrow(
      /PROMETHEUS_URL: must be an http:\/\/ or https:\/\/ URL/,
    );
  });
});

const skipLive =
  missingService('TEST_DATABASE_URL', 'two backend processes share one PostgreSQL database') ??
  missingTool('prometheus', 'apt-get install prometheus');

interface PromResult {
  status: string;
  data: { result: { value: [number, string] }[] };
}

/** Sums every http_requests_total series a backend exposes, as a scrape would see them. */
async function requestsServed(backend: { metricsPort: number }): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${backend.metricsPort}/metrics`)).text();
  return [...text.matchAll(/^http_requests_total\{[^}]*\} (\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

describe.skipIf(skipLive)('System page numbers from a real Prometheus', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'gv-system-stats-'));
  const configFile = path.join(workDir, 'prometheus.yml');
  const adminEmail = `admin.${randomBytes(3).toString('hex')}@example.test`;
  const adminPassword = `Stats-${randomBytes(8).toString('hex')}`;
  let database: TestDatabase | undefined;
  let prometheus: RunningProcess | undefined;
  let prometheusUrl = '';
  const backends: Array<BackendProcess & { metricsPort: number }> = [];
  let token = '';

  /** The project's recording rules, 1 s scrapes, and the backends Prometheus should scrape. */
  function writePrometheusConfig(targets: string[]) {
    const rules = path.join(repoRoot, 'infra/monitoring/prometheus/rules/gv-backend-recording.yml');
    writeFileSync(
      configFile,
      JSON.stringify({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        rule_files: [rules],
        scrape_configs: [{ job_name: 'gv-backend', static_configs: [{ targets }] }],
      }),
    );
  }

  async function promQuery(promql: string): Promise<number | undefined> {
    const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`;
    const body = (await (await fetch(url)).json()) as PromResult;
    const value = body.data.result[0]?.value[1];
    return value === undefined ? undefined : Number(value);
  }

  async function stats(backend: BackendProcess, query = ''): Promise<AdminStats> {
    const response = await fetch(`${backend.baseUrl}/api/admin/stats${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as AdminStats;
  }

  beforeAll(async () => {
    database = await createTestDatabase('gv_system_stats');
    const migrator = await openDatabase({
      databaseUrl: database.url,
      dataDir: workDir,
      poolMax: 1,
    });
    await runMigrations(migrator);
    await migrator.close();

    const prometheusPort = await freePort();
    prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    writePrometheusConfig([]);
    prometheus = startProcess(findTool('prometheus')!, [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(workDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
      '--log.level=warn',
    ]);
    await waitForStatus(`${prometheusUrl}/-/ready`, { process: prometheus });

    const jwtSecret = randomBytes(32).toString('hex');
    // One at a time: the first creates the admin account, the second finds it.
    for (const admin of [true, false]) {
      const metricsPort = await freePort();
      const backend = await startBackend({
        from: 'source',
        port: await freePort(),
        env: {
          NODE_ENV: 'production',
          DATABASE_URL: database.url,
          DATA_DIR: workDir,
          JWT_SECRET: jwtSecret,
          METRICS_PORT: String(metricsPort),
          PROMETHEUS_URL: prometheusUrl,
          RATE_LIMIT_ENABLED: 'false',
          SERVE_FRONTEND: 'false',
          LOG_FORMAT: 'json',
          ...(admin ? { ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword } : {}),
        },
      });
      backends.push({ ...backend, metricsPort });
    }
    const login = await fetch(`${backends[0]!.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { accessToken: string }).accessToken;
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...backends.map((backend) => backend.stop()), prometheus?.stop()]);
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('falls back, saying so, while Prometheus has no series for the backend', async () => {
    const [first] = backends;
    expect(await stats(first!)).toMatchObject({
      source: 'local',
      fallbackReason: 'no-data',
      instance: `${hostname()} pid ${first!.child.pid}`,
    });
  });

  it('answers with both backends summed once Prometheus scrapes them', async () => {
    const [first, second] = backends as [(typeof backends)[0], (typeof backends)[0]];
    const servedByBoth = async () => (await requestsServed(first)) + (await requestsServed(second));
    /** Prometheus has every request the backends counted, and the rules have run over them. */
    const caughtUp = async (served: number) =>
      (await promQuery('sum(http_requests_total{job="gv-backend"})')) === served &&
      ((await promQuery('job:http_requests:rate5m{job="gv-backend"}')) ?? 0) > 0 &&
      Number.isFinite(await promQuery('job:http_request_duration_seconds:p95_5m{job="gv-backend"}'))
        ? true
        : undefined;
    const traffic = async (backend: BackendProcess, requests: number) => {
      for (let index = 0; index < requests; index++) {
        await (await fetch(`${backend.baseUrl}/api/health/live`)).body?.cancel();
      }
    };

    // rate() counts increases only: a series must exist in one scrape to count in the next, so
    // each backend serves the route once before Prometheus starts scraping them.
    await traffic(first, 1);
    await traffic(second, 1);
    writePrometheusConfig(backends.map((backend) => `127.0.0.1:${backend.metricsPort}`));
    prometheus!.child.kill('SIGHUP');
    const warmedUp = await servedByBoth();
    await waitFor(
      'Prometheus to scrape both backends',
      async () =>
        (await promQuery('count(up{job="gv-backend"} == 1)')) === 2 &&
        (await promQuery('sum(http_requests_total{job="gv-backend"})')) === warmedUp
          ? true
          : undefined,
      30_000,
    );

    // Most of the traffic goes to the second backend; the first is the one asked.
    await traffic(second, 30);
    await traffic(first, 3);
    const served = await servedByBoth();
    await waitFor('Prometheus to catch up with the traffic', () => caughtUp(served), 30_000);

    const fleet = await stats(first);
    expect(fleet).toMatchObject({ source: 'prometheus', instances: 2, windowSeconds: 300 });
    expect(fleet.instance).toBeUndefined();
    expect(fleet.fallbackReason).toBeUndefined();
    expect(fleet.requestsTotal).toBe(served);
    expect(fleet.requestsTotal).toBeGreaterThan(await requestsServed(first));
    expect(fleet.requestsPerSecond).toBeGreaterThan(0);
    expect(fleet.latencyMs.p95).not.toBeNull();
    expect(fleet.activeSessions).toBe(1);
  }, 60_000);

  it('returns the last minutes from query_range when asked for history', async () => {
    // The history ends at the last whole step, so the traffic above shows up within one step.
    const history = await waitFor(
      'the traffic to appear in the history',
      async () => {
        const answer = await stats(backends[1]!, '?include=history');
        expect(answer.source).toBe('prometheus');
        return answer.history?.some((point) => (point.requestsPerSecond ?? 0) > 0)
          ? answer.history
          : undefined;
      },
      15_000,
      1_000,
    );
    const times = history.map((point) => Date.parse(point.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const at of times) expect(at % 5_000).toBe(0);
    expect(times[0]).toBeGreaterThanOrEqual(Date.now() - 310_000);
    expect(history.at(-1)?.activeSessions).toBe(1);
  }, 30_000);

  it('falls back to the instance, named, when Prometheus stops answering', async () => {
    await prometheus!.stop();
    const [first] = backends;
    const ownCount = await requestsServed(first!);
    const local = await stats(first!);
    expect(local).toMatchObject({
      source: 'local',
      fallbackReason: 'unreachable',
      instance: `${hostname()} pid ${first!.child.pid}`,
      instances: 1,
      requestsTotal: ownCount,
    });
    // The log line leaves the process after the answer (stdout is written in batches).
    const loggedReasons = () =>
      first!
        .output()
        .split('\n')
        .filter((line) => line.includes('Prometheus gave no numbers'))
        .map((line) => (JSON.parse(line) as Record<string, unknown>).reason);
    await waitFor(
      'the fallback to be logged',
      async () => (loggedReasons().includes('unreachable') ? true : undefined),
      5_000,
    );
    expect(loggedReasons()).toEqual(['no-data', 'unreachable']);
  });
});
