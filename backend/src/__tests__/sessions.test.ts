import { missingService } from '@gv/testing';
import { describe, expect, it } from 'vitest';
import {
  createSiblingBackend,
  createTestBackend,
  login,
  registerUser,
  useTestBackend,
} from '../test-support/test-backend.js';

const backend = useTestBackend();

describe('my sessions', () => {
  it('lists my sessions with the current one flagged', async () => {
    const user = await registerUser(backend);
    await backend.http
      .post('/api/auth/login')
      .set('User-Agent', 'Other Browser/1.0')
      .send({ email: user.email, password: user.password })
      .expect(200);
    const response = await backend.http.get('/api/sessions').set(user.auth).expect(200);
    expect(response.body.data).toHaveLength(2);
    const current = response.body.data.filter((session: { current: boolean }) => session.current);
    expect(current).toHaveLength(1);
    expect(current[0].id).toBe(user.sessionId);
    expect(response.body.data.map((session: { userAgent: string }) => session.userAgent)).toContain(
      'Other Browser/1.0',
    );
  });

  it('revokes one session: its access token stops working immediately', async () => {
    const user = await registerUser(backend);
    const other = await login(backend, user.email, user.password);
    await backend.http.delete(`/api/sessions/${other.sessionId}`).set(user.auth).expect(204);
    await backend.http.get('/api/users/me').set(other.auth).expect(401);
    await backend.http.get('/api/users/me').set(user.auth).expect(200);
    await backend.http.delete(`/api/sessions/${other.sessionId}`).set(user.auth).expect(404);
  });

  it("cannot see or revoke another user's session (404, not 403)", async () => {
    const alice = await registerUser(backend);
    const bob = await registerUser(backend);
    await backend.http.delete(`/api/sessions/${bob.sessionId}`).set(alice.auth).expect(404);
    await backend.http.get('/api/users/me').set(bob.auth).expect(200);
    const listed = await backend.http.get('/api/sessions').set(alice.auth).expect(200);
    expect(listed.body.data.map((session: { id: string }) => session.id)).not.toContain(
      bob.sessionId,
    );
  });

  it('revokes all my other sessions', async () => {
    const user = await registerUser(backend);
    const second = await login(backend, user.email, user.password);
    const third = await login(backend, user.email, user.password);
    await backend.http.delete('/api/sessions?scope=others').set(user.auth).expect(204);
    await backend.http.get('/api/users/me').set(second.auth).expect(401);
    await backend.http.get('/api/users/me').set(third.auth).expect(401);
    const listed = await backend.http.get('/api/sessions').set(user.auth).expect(200);
    expect(listed.body.data).toHaveLength(1);
    await backend.http.delete('/api/sessions').set(user.auth).expect(400);
  });
});

const sharedStoresMissing =
  missingService('TEST_DATABASE_URL', 'cross-instance revocation needs real PostgreSQL') ??
  missingService('TEST_REDIS_URL', 'cross-instance revocation needs real Redis');

describe.skipIf(sharedStoresMissing)('two instances sharing PostgreSQL and Redis', () => {
  it('a session revoked on one instance is refused by the other at once, not at token expiry', async () => {
    const prefix = `gvtest:${Date.now()}:`;
    const env = { REDIS_KEY_PREFIX: prefix, RATE_LIMIT_ENABLED: 'false' };
    const first = await createTestBackend({ driver: 'postgres', redis: true, env });
    const second = await createSiblingBackend(first, env);
    try {
      const user = await registerUser(first);
      const other = await login(first, user.email, user.password);
      await second.http.get('/api/users/me').set(other.auth).expect(200);

      await first.http.delete(`/api/sessions/${other.sessionId}`).set(user.auth).expect(204);
      // The periodic database sync runs every 5 s; seeing the revocation well within that proves
      // it travelled over Redis pub/sub.
      const started = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - started < 2_000) {
        status = (await second.http.get('/api/users/me').set(other.auth)).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(401);
      expect(Date.now() - started).toBeLessThan(2_000);
      await second.http.get('/api/users/me').set(user.auth).expect(200);
    } finally {
      await second.close();
      await first.dispose();
    }
  });
});
