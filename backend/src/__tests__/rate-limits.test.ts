import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestBackend,
  TEST_REDIS_URL,
  uniqueEmail,
  type TestBackend,
} from '../test-support/test-backend.js';

describe('rate limits', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    // Shared through Redis when it is available, as in production; in-process otherwise.
    backend = await createTestBackend({ redis: Boolean(TEST_REDIS_URL) });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('limits failed sign-ins per account with 429, RateLimit headers and Retry-After', async () => {
    const email = uniqueEmail('target');
    let last;
    for (let attempt = 0; attempt < 21; attempt++) {
      last = await backend.http.post('/api/auth/login').send({ email, password: 'wrong password' });
    }
    expect(last!.status).toBe(429);
    expect(last!.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(last!.headers['retry-after']).toMatch(/^\d+$/);
    expect(last!.headers['ratelimit-limit']).toBe('20');
    expect(last!.headers['ratelimit-remaining']).toBe('0');
    expect(last!.body.requestId).toBeTruthy();
    // Another account from the same address is not affected by that account's limit.
    await backend.http
      .post('/api/auth/login')
      .send({ email: uniqueEmail(), password: 'wrong password' })
      .expect(401);
  });

  it('never limits health probes', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => backend.http.get('/api/health/live')),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(responses[0]!.headers['ratelimit-limit']).toBeUndefined();
  });
});
