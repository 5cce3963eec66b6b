// The playground's drills end to end: the built backend with fault injection on, the traffic
// generator running against it, a real Prometheus loading the SHIPPED alert rules (only their
// `for:` durations shortened) and a real Alertmanager. Each drill injects its fault with a short
// expiry; its alert must reach Alertmanager while the fault is on and leave once it has expired.
//
// Timing: the rules' windows stay 5 minutes, and Prometheus starts after the simulated people
// have signed up, so its window holds only the drills' traffic. A short fault early in that
// window pushes the error ratio or the slow-request share well above its threshold, and the
// traffic after it dilutes the share below again within a minute or two.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  freePort,
  getJson,
  missingBackendBuild,
  missingTool,
  startBackend,
  waitFor,
  type BackendProcess,
  type TestDatabase,
} from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runTraffic, type TrafficResult } from '../../../tools/traffic/generator.js';
import type { RuleGroup } from '../../policy/monitoring/monitoring-files.js';
import {
  alertmanagerAlerts,
  renderRules,
  startAlertmanager,
  startPrometheus,
  waitForTarget,
  type LiveProcess,
  type RenderedRules,
} from './live-stack.js';

const DRILL_FOR = '5s';
const ADMIN = {
  email: 'drills-admin@example.com',
  password: `Drill-${randomBytes(9).toString('hex')}`,
};

interface Drill {
  alert: string;
  runbook: string;
  what: string;
  fault: { errorRate: number; latencyMs: number; databaseDelayMs: number };
  seconds: number;
}

const ERRORS: Drill = {
  alert: 'HighErrorRate',
  runbook: 'high-error-rate.md',
  what: 'half the API requests answered 503',
  fault: { errorRate: 0.5, latencyMs: 0, databaseDelayMs: 0 },
  seconds: 10,
};
const LATENCY: Drill = {
  alert: 'HighLatencyP95',
  runbook: 'high-latency-p95.md',
  what: '800 ms added to every API request',
  fault: { errorRate: 0, latencyMs: 800, databaseDelayMs: 0 },
  seconds: 8,
};

const skipReason =
  missingBackendBuild() ??
  missingTool('prometheus', 'apt-get install prometheus') ??
  missingTool('prometheus-alertmanager', 'apt-get install prometheus-alertmanager');

describe.skipIf(skipReason)(
  'drills: each fault fires its alert in Alertmanager, then clears',
  () => {
    const workDir = mkdtempSync(path.join(tmpdir(), 'gv-drills-'));
    let database: TestDatabase | undefined;
    let backend: BackendProcess | undefined;
    let prometheus: LiveProcess | undefined;
    let alertmanager: LiveProcess | undefined;
    let rules: RenderedRules;
    let adminToken = '';
    const stopTraffic = new AbortController();
    let traffic: Promise<TrafficResult> | undefined;

    async function setFault(drill: Drill): Promise<void> {
      const response = await fetch(`${backend!.baseUrl}/api/admin/faults`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${adminToken}`,
          origin: backend!.baseUrl,
        },
        body: JSON.stringify({
          ...drill.fault,
          routes: [],
          expiresAt: new Date(Date.now() + drill.seconds * 1000).toISOString(),
        }),
      });
      expect(response.status, await response.text()).toBe(200);
    }

    /** Waits until the backend reports no fault in effect (the last one has expired). */
    async function faultExpired(): Promise<void> {
      await waitFor(
        'the fault to expire',
        async () => {
          const response = await fetch(`${backend!.baseUrl}/api/admin/faults`, {
            headers: { authorization: `Bearer ${adminToken}` },
          });
          const faults = (await response.json()) as { expiresAt: string | null };
          return faults && faults.expiresAt === null ? true : undefined;
        },
        60_000,
        500,
      );
    }

    /** The alert's state in Prometheus (pending, firing) or undefined when inactive. */
    async function prometheusState(alert: string): Promise<string | undefined> {
      const response = await getJson<{
        data: { alerts: { labels: Record<string, string>; state: string }[] };
      }>(`${prometheus!.url}/api/v1/alerts`);
      return response?.data.alerts.find((entry) => entry.labels.alertname === alert)?.state;
    }

    const inAlertmanager = async (alert: string) =>
      (await alertmanagerAlerts(alertmanager!.url)).find(
        (entry) => entry.labels.alertname === alert,
      );

    async function expectFiring(drill: Drill): Promise<void> {
      // Nothing but the fault may make it fire.
      expect(await prometheusState(drill.alert)).toBeUndefined();
      expect(await inAlertmanager(drill.alert)).toBeUndefined();
      await setFault(drill);
      const alert = await waitFor(
        `${drill.alert} in Alertmanager`,
        () => inAlertmanager(drill.alert),
        90_000,
        500,
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}\n${prometheus?.process.output()}\n${alertmanager?.process.output()}`,
        );
      });
      expect(alert.status.state).toBe('active');
      expect(alert.labels).toMatchObject({ job: 'gv-backend' });
      expect(alert.annotations.runbook_url).toMatch(new RegExp(`/docs/runbooks/${drill.runbook}$`));
    }

    async function expectResolved(drill: Drill): Promise<void> {
      await faultExpired();
      await waitFor(
        `${drill.alert} to resolve`,
        async () =>
          (await inAlertmanager(drill.alert)) === undefined &&
          (await prometheusState(drill.alert)) === undefined
            ? true
            : undefined,
        240_000,
        1_000,
      );
    }

    beforeAll(async () => {
      const metricsPort = await freePort();
      const env: Record<string, string> = {
        NODE_ENV: 'production',
        FAULTS_ENABLED: 'true',
        METRICS_PORT: String(metricsPort),
        JWT_SECRET: randomBytes(32).toString('hex'),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // One address signs up every simulated person; the drills are not about rate limits.
        RATE_LIMIT_ENABLED: 'false',
        SERVE_FRONTEND: 'false',
        LOG_LEVEL: 'warn',
        DATA_DIR: path.join(workDir, 'backend-data'),
      };
      if (process.env.TEST_DATABASE_URL) {
        database = await createTestDatabase('gv_drills');
        env.DATABASE_URL = database.url;
      }
      backend = await startBackend({ from: 'build', port: await freePort(), env });

      const login = await fetch(`${backend.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: backend.baseUrl },
        body: JSON.stringify(ADMIN),
      });
      adminToken = ((await login.json()) as { accessToken: string }).accessToken;

      // People sign up first (password hashing: slow requests that are not part of any drill),
      // then Prometheus starts, so its window begins with steady browsing.
      traffic = runTraffic({
        baseUrl: backend.baseUrl,
        users: 20,
        rate: 15,
        durationMs: 15 * 60_000,
        signal: stopTraffic.signal,
      });
      await new Promise((resolve) => setTimeout(resolve, 5_000));

      alertmanager = await startAlertmanager(workDir);
      rules = renderRules(workDir, { [ERRORS.alert]: DRILL_FOR, [LATENCY.alert]: DRILL_FOR });
      prometheus = await startPrometheus({
        workDir,
        rulesDirectory: rules.dir,
        targets: { 'gv-backend': `127.0.0.1:${metricsPort}` },
        alertmanagerUrl: alertmanager.url,
      });
      await waitForTarget(prometheus, 'gv-backend');
      // A few scrapes, so every rate has two samples before the first fault.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }, 120_000);

    afterAll(async () => {
      stopTraffic.abort();
      await traffic?.catch(() => undefined);
      await Promise.all([
        backend?.stop(),
        prometheus?.process.stop(),
        alertmanager?.process.stop(),
      ]);
      await database?.drop();
      rmSync(workDir, { recursive: true, force: true });
    }, 60_000);

    it('loads the shipped rules with only the drilled alerts’ for: shortened, expressions byte-identical', () => {
      const rulesOf = (text: string) =>
        (parse(text) as { groups: RuleGroup[] }).groups.flatMap((group) => group.rules);
      let changed = 0;
      for (const file of rules.files) {
        const shipped = rulesOf(file.shipped);
        const rendered = rulesOf(file.rendered);
        expect(rendered.length, file.name).toBe(shipped.length);
        shipped.forEach((rule, index) => {
          const test = rendered[index]!;
          expect(test.expr, `${file.name} #${index}`).toBe(rule.expr);
          const { for: shippedFor, ...shippedRest } = rule as { for?: string };
          const { for: renderedFor, ...renderedRest } = test as { for?: string };
          expect(renderedRest, `${file.name} #${index}`).toEqual(shippedRest);
          if (renderedFor !== shippedFor) {
            changed += 1;
            expect([ERRORS.alert, LATENCY.alert]).toContain((rule as { alert?: string }).alert);
            expect(renderedFor).toBe(DRILL_FOR);
          }
        });
        // Line for line: only `for:` lines differ.
        const shippedLines = file.shipped.split('\n');
        file.rendered.split('\n').forEach((line, index) => {
          if (line !== shippedLines[index]) expect(line.trim()).toBe(`for: ${DRILL_FOR}`);
        });
      }
      expect(changed).toBe(2);
    });

    it(`fires ${ERRORS.alert} in Alertmanager under ${ERRORS.what}`, async () => {
      await expectFiring(ERRORS);
    }, 120_000);

    it(`fires ${LATENCY.alert} in Alertmanager under ${LATENCY.what}`, async () => {
      // One fault at a time: the error-rate fault has ended by itself first.
      await faultExpired();
      await expectFiring(LATENCY);
    }, 180_000);

    it(`resolves ${ERRORS.alert} once its fault has expired`, async () => {
      await expectResolved(ERRORS);
    }, 300_000);

    it(`resolves ${LATENCY.alert} once its fault has expired`, async () => {
      await expectResolved(LATENCY);
    }, 300_000);

    it('kept the traffic going through the drills, the injected errors in its numbers', async () => {
      stopTraffic.abort();
      const result = await traffic!;
      expect(result.interrupted).toBe(true);
      expect(result.total.byClass['5xx']).toBeGreaterThan(0);
      expect(result.total.byClass['2xx']).toBeGreaterThan(result.total.byClass['5xx']!);
    }, 60_000);
  },
);
