// Fault injection across instances (Redis carries a change to every one), where it is switched
// off (FAULTS_ENABLED=false: the endpoint does not exist and nothing sets a fault), and the alert
// states the Playground page shows, from a real Prometheus.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findTool,
  freePort,
  missingService,
  missingTool,
  startProcess,
  waitFor,
  type RunningProcess,
} from '@gv/testing';
import {
  createAdmin,
  createSiblingBackend,
  createTestBackend,
  useBackendWithAdmin,
} from '../test-support/test-backend.js';

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const NONE = { errorRate: 0, latencyMs: 0, databaseDelayMs: 0, routes: [] as string[] };

const sharedStoresMissing =
  missingService('TEST_DATABASE_URL', 'two instances need one real PostgreSQL') ??
  missingService('TEST_REDIS_URL', 'faults reach other instances through Redis');

describe.skipIf(sharedStoresMissing)('two instances sharing PostgreSQL and Redis', () => {
  it('a fault set on one instance applies on the other within a second, and so does clearing it', async () => {
    const env = { REDIS_KEY_PREFIX: `gvtest:faults:${Date.now()}:`, RATE_LIMIT_ENABLED: 'false' };
    const first = await createTestBackend({ driver: 'postgres', redis: true, env });
    const second = await createSiblingBackend(first, env);
    const waitFor = async (status: number) => {
      const started = Date.now();
      let seen = 0;
      while (Date.now() - started < 1_000) {
        seen = (await second.http.get('/api/users/me').set(admin.auth)).status;
        if (seen === status) return seen;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return seen;
    };
    const admin = await createAdmin(first);
    try {
      await second.http.get('/api/users/me').set(admin.auth).expect(200);
      const set = await first.http
        .put('/api/admin/faults')
        .set(admin.auth)
        .send({ ...NONE, errorRate: 1, routes: ['/api/users/me'], expiresAt: inMinutes(5) })
        .expect(200);
      expect(set.body.scope).toBe('cluster');
      expect(await waitFor(503)).toBe(503);
      const seenBySecond = await second.http.get('/api/admin/faults').set(admin.auth).expect(200);
      expect(seenBySecond.body).toMatchObject({
        errorRate: 1,
        routes: ['/api/users/me'],
        changedBy: { email: admin.email },
      });

      // An instance that starts while the fault is on takes it over.
      const third = await createSiblingBackend(first, env);
      try {
        await third.http.get('/api/users/me').set(admin.auth).expect(503);
      } finally {
        await third.close();
      }

      await first.http
        .put('/api/admin/faults')
        .set(admin.auth)
        .send({ ...NONE, expiresAt: inMinutes(5) })
        .expect(200);
      expect(await waitFor(200)).toBe(200);
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});

describe('with FAULTS_ENABLED=false', () => {
  const { backend, admin } = useBackendWithAdmin({ env: { FAULTS_ENABLED: 'false' } });

  it('the faults endpoint answers 404 as an unknown route, to anyone', async () => {
    for (const method of ['get', 'put', 'delete'] as const) {
      const anonymous = await backend.http[method]('/api/admin/faults').expect(404);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(anonymous.body.detail).toBe(`No API route ${method.toUpperCase()} /api/admin/faults.`);
      await backend.http[method]('/api/admin/faults').set(admin.auth).expect(404);
    }
  });

  it('nothing sets a fault: requests stay unaffected and the metric stays 0', async () => {
    await backend.http
      .put('/api/admin/faults')
      .set(admin.auth)
      .send({ ...NONE, errorRate: 1, latencyMs: 10, expiresAt: inMinutes(5) })
      .expect(404);
    for (let i = 0; i < 5; i++) await backend.http.get('/api/users/me').set(admin.auth).expect(200);
    await backend.http.get('/api/users').set(admin.auth).expect(200);
    const metrics = (await backend.metricsHttp.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^gv_fault_injection_active\{kind="error_rate"\} 0$/m);
    expect(metrics).not.toMatch(/^gv_fault_injection_active\{[^}]*\} 1$/m);
  });
});

describe('alert status for the Playground page', () => {
  const { backend, admin } = useBackendWithAdmin({
    // A port nothing listens on: Prometheus configured but not answering.
    env: { PROMETHEUS_URL: 'http://127.0.0.1:9' },
  });

  it('says when Prometheus does not answer, and is for admins only', async () => {
    const response = await backend.http.get('/api/admin/alerts').set(admin.auth).expect(200);
    expect(response.body).toEqual({ available: false, reason: 'unreachable', alerts: [] });
    await backend.http.get('/api/admin/alerts').expect(401);
  });
});

describe.skipIf(missingTool('prometheus', 'apt-get install prometheus'))(
  'alert status from a running Prometheus',
  () => {
    const workDir = mkdtempSync(path.join(tmpdir(), 'gv-alerts-'));
    let prometheus: RunningProcess | undefined;
    let url = '';
    beforeAll(async () => {
      // One rule that fires at once, one that never does.
      writeFileSync(
        path.join(workDir, 'rules.yml'),
        [
          'groups:',
          '  - name: drills',
          '    rules:',
          '      - alert: HighErrorRate',
          '        expr: vector(1)',
          '      - alert: HighLatencyP95',
          '        expr: vector(0) > 1',
        ].join('\n'),
      );
      writeFileSync(
        path.join(workDir, 'prometheus.yml'),
        'global:\n  evaluation_interval: 1s\nrule_files:\n  - rules.yml\n',
      );
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      prometheus = startProcess(findTool('prometheus')!, [
        `--config.file=${path.join(workDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ]);
    });
    afterAll(async () => {
      await prometheus?.stop();
      rmSync(workDir, { recursive: true, force: true });
    });

    it('lists the firing alert and not the quiet one', async () => {
      const backend = await createTestBackend({ env: { PROMETHEUS_URL: url } });
      try {
        const admin = await createAdmin(backend);
        const status = await waitFor(
          'HighErrorRate firing in Prometheus',
          async () => {
            const response = await backend.http.get('/api/admin/alerts').set(admin.auth);
            const body = response.body as { available: boolean; alerts: { name: string }[] };
            return body.available && body.alerts.length > 0 ? body : undefined;
          },
          30_000,
          500,
        );
        expect(status.alerts).toEqual([
          { name: 'HighErrorRate', state: 'firing', activeAt: expect.any(String) },
        ]);
      } finally {
        await backend.dispose();
      }
    }, 60_000);
  },
);
