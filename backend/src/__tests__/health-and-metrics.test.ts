import { spawnSync } from 'node:child_process';
import { findTool, missingTool } from '@gv/testing';
import { describe, expect, it } from 'vitest';
import {
  createAdmin,
  createTestBackend,
  registerUser,
  useTestBackend,
} from '../test-support/test-backend.js';

const backend = useTestBackend();

describe('health', () => {
  it('liveness answers without touching dependencies', async () => {
    const response = await backend.http.get('/api/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('readiness reports each dependency', async () => {
    const response = await backend.http.get('/api/health/ready').expect(200);
    expect(response.body.status).toBe('ready');
    expect(response.body.checks.database.status).toBe('up');
    expect(response.body.checks.redis.status).toBe('disabled');
  });

  it('the summary names version, environment and database', async () => {
    const response = await backend.http.get('/api/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      version: '1.0.0',
      environment: 'test',
      database: backend.database.kind,
    });
    expect(response.body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('readiness turns 503 once shutdown begins, while liveness stays 200', async () => {
    const other = await createTestBackend();
    try {
      other.health.markShuttingDown();
      const ready = await other.http.get('/api/health/ready').expect(503);
      expect(ready.body.status).toBe('shutting_down');
      await other.http.get('/api/health/live').expect(200);
    } finally {
      await other.dispose();
    }
  });
});

describe('request ids', () => {
  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const echoed = await backend.http
      .get('/api/health/live')
      .set('X-Request-Id', 'trace-1234abcd')
      .expect(200);
    expect(echoed.headers['x-request-id']).toBe('trace-1234abcd');
    const generated = await backend.http
      .get('/api/health/live')
      .set('X-Request-Id', 'bad id with spaces <script>')
      .expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one access line per request carrying the same id', async () => {
    const response = await backend.http.get('/api/users/me').expect(401);
    const requestId = response.headers['x-request-id'];
    const lines = backend.logLines.filter(
      (line) => line.requestId === requestId && line.message === 'request completed',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', route: '/api/users/me', status: 401 });
    expect(typeof lines[0]!.durationMs).toBe('number');
  });

  it('never logs passwords or tokens', async () => {
    const user = await registerUser(backend, { password: 'a very secret passphrase' });
    await backend.http.get('/api/users/me').set(user.auth).expect(200);
    const everything = JSON.stringify(backend.logLines);
    expect(everything).not.toContain('a very secret passphrase');
    expect(everything).not.toContain(user.token);
    expect(everything).not.toContain(user.refreshCookie.split('=')[1]);
  });
});

describe('errors', () => {
  it('unknown API routes are 404 problems', async () => {
    const response = await backend.http.get('/api/nothing-here').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('tells anonymous callers status words, never the error text of a dependency', async () => {
    const other = await createTestBackend({
      // A Redis nobody listens on: the check fails with the driver's message, host and port.
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
    });
    try {
      const summary = await other.http.get('/api/health').expect(200);
      expect(summary.body.checks.redis.status).toBe('down');
      const ready = await other.http.get('/api/health/ready').expect(503);
      for (const body of [summary.body, ready.body]) {
        expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|redis:\/\/|timed out/);
        expect(Object.keys(body.checks.redis).sort()).toEqual(['latencyMs', 'status']);
      }
      // The operator still learns why, from the log.
      expect(other.logLines).toContainEqual(
        expect.objectContaining({ message: 'dependency check failed', dependency: 'redis' }),
      );
    } finally {
      await other.dispose();
    }
  });

  it('sets the security headers on every response', async () => {
    const response = await backend.http.get('/api/health/live').expect(200);
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

const promtoolMissing = missingTool('promtool', 'apt-get install prometheus');

describe('metrics', () => {
  it('are served on the metrics listener, never on the public port', async () => {
    await backend.http.get('/metrics').expect(404);
    const response = await backend.metricsHttp.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    await backend.metricsHttp.get('/api/health').expect(404);
  });

  it.skipIf(promtoolMissing)('passes promtool check metrics', async () => {
    await registerUser(backend);
    const text = (await backend.metricsHttp.get('/metrics').expect(200)).text;
    const result = spawnSync(findTool('promtool')!, ['check', 'metrics'], {
      input: text,
      encoding: 'utf8',
    });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('exposes the documented metrics with route templates, never raw paths', async () => {
    const user = await registerUser(backend);
    await backend.http.get(`/api/users/${user.userId}`).set(user.auth).expect(403);
    await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'wrong password' })
      .expect(401);
    const text = (await backend.metricsHttp.get('/metrics').expect(200)).text;
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'auth_events_total',
      'active_sessions',
      'db_pool_connections',
      'db_query_duration_seconds_bucket',
      'log_writer_queue_depth',
      'log_writer_dropped_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'app_info',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/users\/:id",status_code="403"\} 1/,
    );
    expect(text).not.toContain(user.userId);
    expect(text).toMatch(/auth_events_total\{event="auth.login.failed"\} 1/);
    // Events that have not happened yet are exported at 0, so their first increase is visible.
    expect(text).toMatch(/auth_events_total\{event="security.refresh_token_reuse"\} 0/);
    await backend.http.get('/api/some/raw/path-12345').expect(404);
    const after = (await backend.metricsHttp.get('/metrics').expect(200)).text;
    expect(after).toMatch(
      /http_requests_total\{method="GET",route="unmatched",status_code="404"\} \d+/,
    );
    expect(after).not.toContain('path-12345');
  });

  it('admin stats agree with the registry', async () => {
    const admin = await createAdmin(backend);
    for (let index = 0; index < 5; index++) await backend.http.get('/api/health/live').expect(200);
    const stats = (await backend.http.get('/api/admin/stats').set(admin.auth).expect(200)).body;
    const text = (await backend.metricsHttp.get('/metrics').expect(200)).text;
    const total = [...text.matchAll(/^http_requests_total\{[^}]*\} (\d+)/gm)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    // The /metrics request itself finished after the stats were taken, plus the stats call.
    expect(stats.requestsTotal).toBeGreaterThan(0);
    expect(total - stats.requestsTotal).toBeLessThanOrEqual(2);
    expect(stats.users.total).toBeGreaterThanOrEqual(2);
    expect(stats.users.admins).toBeGreaterThanOrEqual(1);
    expect(stats.activeSessions).toBeGreaterThanOrEqual(1);
    expect(stats.latencyMs.p95).not.toBeNull();
    expect(stats.loginsLastHour.failed).toBeGreaterThanOrEqual(1);
  });
});
