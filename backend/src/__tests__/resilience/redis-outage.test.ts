// Redis outage: one instance reaches Redis through a TCP proxy the test cuts and restores, a second
// instance uses Redis directly. While Redis is gone the first keeps serving with its in-process
// fallbacks and says so once; when Redis returns it goes back to the shared rate limits and hears
// revocations from the other instance again.
import { missingService } from '@gv/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpProxy } from '../../test-support/tcp-proxy.js';
import {
  createTestBackend,
  login,
  registerUser,
  TEST_REDIS_URL,
  uniqueEmail,
  type SignedInUser,
  type TestBackend,
} from '../../test-support/test-backend.js';

const skipReason =
  missingService('TEST_REDIS_URL') ??
  missingService('TEST_DATABASE_URL', 'two instances must share a database');

async function waitFor(what: string, withinMs: number, check: () => boolean | Promise<boolean>) {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not within ${withinMs} ms`);
}

describe.skipIf(skipReason)(`redis outage${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const prefix = `gvtest:outage:${Date.now()}:`;
  let proxy: TcpProxy;
  let viaProxy: TestBackend;
  let direct: TestBackend;
  let redis: Redis;
  let user: SignedInUser;

  const linesMatching = (pattern: RegExp) =>
    viaProxy.logLines.filter((line) => pattern.test(String(line.message))).length;

  /** Sum of the general API limiter's counters in Redis: grows only while Redis is in use. */
  async function sharedRequestCount(): Promise<number> {
    const keys = await redis.keys(`${prefix}rl:api:*`);
    const values = keys.length > 0 ? await redis.mget(...keys) : [];
    return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
  }

  beforeAll(async () => {
    const target = new URL(TEST_REDIS_URL!);
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.start();
    viaProxy = await createTestBackend({
      driver: 'postgres',
      redis: true,
      env: { REDIS_URL: proxy.urlFor(TEST_REDIS_URL!), REDIS_KEY_PREFIX: prefix },
    });
    direct = await createTestBackend({
      driver: 'postgres',
      redis: true,
      databaseUrl: viaProxy.databaseUrl!,
      env: { REDIS_KEY_PREFIX: prefix },
    });
    redis = new Redis(TEST_REDIS_URL!);
    await waitFor('redis connected', 5_000, () => viaProxy.redis!.isReady());
    user = await registerUser(viaProxy);
  });

  afterAll(async () => {
    await redis?.quit();
    await direct?.close();
    await viaProxy?.dispose();
    await proxy?.close();
  });

  it('keeps serving with in-process fallbacks while Redis is unreachable', async () => {
    await viaProxy.http.get('/api/users/me').set(user.auth).expect(200);
    const before = await sharedRequestCount();
    expect(before).toBeGreaterThan(0);

    await proxy.cut();
    await waitFor('client notices', 5_000, () => !viaProxy.redis!.isReady());

    // Sign-in, profile reads and the rate limits all keep working, counted in-process.
    const signedIn = await login(viaProxy, user.email, user.password);
    const me = await viaProxy.http.get('/api/users/me').set(signedIn.auth).expect(200);
    expect(me.headers['ratelimit-limit']).toBe('600');
    const target = uniqueEmail('locked-out');
    let last;
    for (let attempt = 0; attempt < 21; attempt++) {
      last = await viaProxy.http
        .post('/api/auth/login')
        .send({ email: target, password: 'wrong password' });
    }
    expect(last!.status).toBe(429);

    // Several reconnect attempts fail meanwhile; the log says so once, not once per attempt.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(linesMatching(/redis unavailable/)).toBe(1);
    expect(await sharedRequestCount()).toBe(before);
  });

  it('goes back to Redis when it returns', async () => {
    await proxy.restore();
    await waitFor('client reconnects', 10_000, () => viaProxy.redis!.isReady());
    expect(linesMatching(/redis reachable again/)).toBe(1);

    // Rate limits are shared again: the request is counted in Redis.
    const before = await sharedRequestCount();
    await viaProxy.http.get('/api/users/me').set(user.auth).expect(200);
    expect(await sharedRequestCount()).toBe(before + 1);

    // A session ended on the other instance is refused here at once: pub/sub works again.
    const other = await login(viaProxy, user.email, user.password);
    await viaProxy.http.get('/api/users/me').set(other.auth).expect(200);
    await waitFor(
      'subscriber reconnects',
      5_000,
      () => viaProxy.redis!.subscriber.status === 'ready',
    );
    await direct.http.delete(`/api/sessions/${other.sessionId}`).set(user.auth).expect(204);
    const started = Date.now();
    await waitFor('revocation seen', 2_000, async () => {
      const response = await viaProxy.http.get('/api/users/me').set(other.auth);
      return response.status === 401;
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
