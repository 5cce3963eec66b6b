// Fault injection through /api/admin/faults: who may set it, what is refused, what a request
// then gets, and that it ends by itself. Runs on PGlite, or PostgreSQL (and Redis) when set.
import { afterEach, describe, expect, it } from 'vitest';
import type { Faults, LogEntry } from '@gv/contract';
import {
  registerUser,
  TEST_REDIS_URL,
  useBackendWithAdmin,
  type TestBackend,
} from '../test-support/test-backend.js';

const { backend, admin } = useBackendWithAdmin({
  redis: Boolean(TEST_REDIS_URL),
  env: { RATE_LIMIT_ENABLED: 'false' },
});

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const NONE = { errorRate: 0, latencyMs: 0, databaseDelayMs: 0, routes: [] as string[] };

function setFaults(body: Record<string, unknown>) {
  return backend.http
    .put('/api/admin/faults')
    .set(admin.auth)
    .send({ ...NONE, expiresAt: inMinutes(10), ...body });
}

async function activeGauge(target: TestBackend, kind: string): Promise<string | undefined> {
  const text = (await target.metricsHttp.get('/metrics').expect(200)).text;
  return new RegExp(`^gv_fault_injection_active\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1];
}

afterEach(async () => {
  await setFaults({}).expect(200);
});

describe('the faults endpoint', () => {
  it('is for admins only', async () => {
    await backend.http.get('/api/admin/faults').expect(401);
    await backend.http.put('/api/admin/faults').send({}).expect(401);
    const user = await registerUser(backend);
    await backend.http.get('/api/admin/faults').set(user.auth).expect(403);
    await backend.http
      .put('/api/admin/faults')
      .set(user.auth)
      .send({ ...NONE, errorRate: 1, expiresAt: inMinutes(5) })
      .expect(403);
    await backend.http.get('/api/users/me').set(user.auth).expect(200);
  });

  it('shows no fault at first, and the scope a change reaches', async () => {
    const response = await backend.http.get('/api/admin/faults').set(admin.auth).expect(200);
    expect(response.body).toMatchObject({ ...NONE, expiresAt: null });
    expect(response.body.scope).toBe(TEST_REDIS_URL ? 'cluster' : 'process');
  });

  it.each([
    ['errorRate', { errorRate: 1.5 }],
    ['errorRate', { errorRate: -0.1 }],
    ['latencyMs', { latencyMs: 10_001 }],
    ['latencyMs', { latencyMs: 1.5 }],
    ['databaseDelayMs', { databaseDelayMs: -1 }],
    ['databaseDelayMs', { databaseDelayMs: '100' }],
    ['routes.0', { routes: ['/api/no/such/route'] }],
    ['routes.0', { routes: ['/users/me'] }],
    ['routes.1', { routes: ['/api/users/me', '/api/health/live'] }],
    ['routes.0', { routes: ['/api/auth/login'] }],
    ['expiresAt', { expiresAt: new Date(Date.now() - 1_000).toISOString() }],
    ['expiresAt', { expiresAt: inMinutes(62) }],
    ['expiresAt', { expiresAt: 'tomorrow' }],
    ['expiresAt', { expiresAt: undefined }],
  ])('refuses a bad %s with a field error (%j)', async (field, body) => {
    const response = await setFaults({ errorRate: 0.5, ...body }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
    const after = await backend.http.get('/api/admin/faults').set(admin.auth).expect(200);
    expect(after.body.errorRate).toBe(0);
  });

  it('sets faults, shows who set them, audits the change and reports it as a metric', async () => {
    const expiresAt = inMinutes(30);
    // Aimed at one route, so the reads below (faults, audit log) are never the quarter that fails.
    const routes = ['/api/users/me'];
    const response = await setFaults({ errorRate: 0.25, latencyMs: 5, routes, expiresAt }).expect(
      200,
    );
    const faults = response.body as Faults;
    expect(faults).toMatchObject({ errorRate: 0.25, latencyMs: 5, databaseDelayMs: 0, routes });
    expect(Date.parse(faults.expiresAt!)).toBe(Date.parse(expiresAt));
    expect(faults.changedBy).toMatchObject({ id: admin.userId, email: admin.email });
    expect(faults.changedAt).not.toBeNull();
    const read = await backend.http.get('/api/admin/faults').set(admin.auth).expect(200);
    expect(read.body).toEqual(faults);

    expect(await activeGauge(backend, 'error_rate')).toBe('1');
    expect(await activeGauge(backend, 'latency')).toBe('1');
    expect(await activeGauge(backend, 'database_delay')).toBe('0');

    const logs = await backend.http
      .get('/api/logs')
      .query({ event: 'admin.faults.changed', userId: admin.userId })
      .set(admin.auth)
      .expect(200);
    const entry = (logs.body.data as LogEntry[])[0];
    expect(entry).toMatchObject({
      userId: admin.userId,
      actor: { email: admin.email },
      metadata: { errorRate: 0.25, latencyMs: 5, databaseDelayMs: 0, routes },
    });

    const cleared = await setFaults({}).expect(200);
    expect(cleared.body).toMatchObject({ ...NONE, expiresAt: null });
    expect(await activeGauge(backend, 'error_rate')).toBe('0');
    expect(await activeGauge(backend, 'latency')).toBe('0');
  });
});

describe('an injected error rate', () => {
  it('answers matching requests 503 but never health, sign-in or the playground', async () => {
    await setFaults({ errorRate: 1 }).expect(200);
    const faulted = await backend.http.get('/api/users/me').set(admin.auth).expect(503);
    expect(faulted.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(faulted.body).toMatchObject({ status: 503, title: 'Injected fault' });
    await backend.http.get('/api/users').set(admin.auth).expect(503);

    await backend.http.get('/api/health/live').expect(200);
    await backend.http.get('/api/health').expect(200);
    await backend.http.get('/api/health/ready').expect(200);
    await backend.http
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    await backend.http.get('/api/admin/faults').set(admin.auth).expect(200);
    const alerts = await backend.http.get('/api/admin/alerts').set(admin.auth).expect(200);
    expect(alerts.body).toEqual({ available: false, reason: 'not-configured', alerts: [] });

    await setFaults({}).expect(200);
    await backend.http.get('/api/users/me').set(admin.auth).expect(200);
  });

  it('applies only to the route templates listed', async () => {
    await setFaults({ errorRate: 1, routes: ['/api/sessions', '/api/users/:id'] }).expect(200);
    await backend.http.get('/api/sessions').set(admin.auth).expect(503);
    await backend.http.get(`/api/users/${admin.userId}`).set(admin.auth).expect(503);
    await backend.http.get('/api/users/me').set(admin.auth).expect(200);
    await backend.http.get('/api/logs/mine').set(admin.auth).expect(200);
  });

  it('ends by itself at its expiry, and the metric drops back to 0', async () => {
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    await setFaults({ errorRate: 1, expiresAt }).expect(200);
    await backend.http.get('/api/users/me').set(admin.auth).expect(503);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 100));
    // The timer has cleared it without any request asking.
    expect(await activeGauge(backend, 'error_rate')).toBe('0');
    await backend.http.get('/api/users/me').set(admin.auth).expect(200);
    const read = await backend.http.get('/api/admin/faults').set(admin.auth).expect(200);
    expect(read.body).toMatchObject({ ...NONE, expiresAt: null });
  });
});

describe('injected delays', () => {
  const timed = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };

  it('adds latency before the handler of matching requests', async () => {
    await setFaults({ latencyMs: 300, routes: ['/api/users/me'] }).expect(200);
    const elapsed = await timed(() =>
      backend.http.get('/api/users/me').set(admin.auth).expect(200),
    );
    expect(elapsed).toBeGreaterThanOrEqual(300);
  });

  it('adds the database delay to each query of a matching request', async () => {
    await setFaults({ databaseDelayMs: 250, routes: ['/api/users/me'] }).expect(200);
    expect(await activeGauge(backend, 'database_delay')).toBe('1');
    const elapsed = await timed(() =>
      backend.http.get('/api/users/me').set(admin.auth).expect(200),
    );
    expect(elapsed).toBeGreaterThanOrEqual(250);
    // The time is spent in the database layer: the repository's query histogram saw it.
    const metrics = (await backend.metricsHttp.get('/metrics').expect(200)).text;
    const slow = /^db_query_duration_seconds_bucket\{le="0.1",operation="users.findById"\} (\d+)$/m;
    const total = /^db_query_duration_seconds_count\{operation="users.findById"\} (\d+)$/m;
    expect(Number(total.exec(metrics)?.[1])).toBeGreaterThan(Number(slow.exec(metrics)?.[1]));
  });
});
