// Database outage: the backend reaches PostgreSQL through a TCP proxy the test cuts and restores.
// While it is cut the process must stay alive and honest: readiness 503 (so the load balancer
// stops sending traffic), liveness 200 (so Kubernetes does not restart a healthy process), quick
// 503 problem answers instead of hanging requests, and full service soon after the database returns.
import { missingService } from '@gv/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  registerUser,
  useBackendBehindProxy,
  type SignedInUser,
} from '../../test-support/test-backend.js';

const skipReason = missingService('TEST_DATABASE_URL');

/** Polls until `check` passes, failing after `withinMs`; returns how long it took. */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${withinMs} ms`);
}

describe.skipIf(skipReason)(
  `database outage${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const { backend, proxy } = useBackendBehindProxy('gv_outage');
    let user: SignedInUser;

    beforeAll(async () => {
      user = await registerUser(backend);
    });

    const ready = async () => (await backend.http.get('/api/health/ready')).status === 200;

    it('turns readiness 503 and answers 503 problems while the database is gone', async () => {
      expect(await ready()).toBe(true);
      await backend.http.get('/api/users/me').set(user.auth).expect(200);

      await proxy.cut();
      const notReadyAfter = await within(5_000, async () => !(await ready()));
      expect(notReadyAfter).toBeLessThan(5_000);
      const readiness = await backend.http.get('/api/health/ready').expect(503);
      expect(readiness.body.checks.database.status).toBe('down');

      // Liveness never depends on the database.
      await backend.http.get('/api/health/live').expect(200, { status: 'ok' });

      for (const request of [
        () => backend.http.get('/api/users/me').set(user.auth),
        () => backend.http.get('/api/sessions').set(user.auth),
        () =>
          backend.http.post('/api/auth/login').send({ email: user.email, password: user.password }),
      ]) {
        const started = Date.now();
        const response = await request();
        expect(Date.now() - started).toBeLessThan(4_000);
        expect(response.status).toBe(503);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.body).toMatchObject({ status: 503, title: 'Service unavailable' });
        // No driver message or SQL reaches the client.
        expect(JSON.stringify(response.body)).not.toMatch(/ECONNREFUSED|select|127\.0\.0\.1/i);
      }
    });

    it('recovers fully within 5 s of the database returning', async () => {
      await proxy.restore();
      const readyAfter = await within(5_000, ready);
      expect(readyAfter).toBeLessThan(5_000);
      await backend.http.get('/api/users/me').set(user.auth).expect(200);
      await backend.http
        .post('/api/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(200);
      await backend.http.get('/api/health').expect(200);
    });
  },
);
