import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestBackend,
  STRONG_PASSWORD,
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

  it('limits failed sign-ins per address with 429, RateLimit headers and Retry-After', async () => {
    // Different emails each time: the per-email throttle never starts, the per-address limit does.
    let last;
    for (let attempt = 0; attempt < 51; attempt++) {
      last = await backend.http
        .post('/api/auth/login')
        .send({ email: uniqueEmail('spray'), password: 'wrong password' });
    }
    expect(last!.status).toBe(429);
    expect(last!.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(last!.headers['retry-after']).toMatch(/^\d+$/);
    expect(last!.headers['ratelimit-limit']).toBe('50');
    expect(last!.headers['ratelimit-remaining']).toBe('0');
    expect(last!.body.requestId).toBeTruthy();
  });

  it('answers "email taken" plainly at registration, but only a few times per address', async () => {
    // Decided in docs/decisions/122: registration says the email has an account (no mail can be
    // sent to say it privately), and strict per-address limits make it useless for harvesting.
    const taken = uniqueEmail('taken');
    await backend.http
      .post('/api/auth/register')
      .send({ email: taken, password: STRONG_PASSWORD, name: 'First' })
      .expect(201);
    const answers = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      answers.push(
        await backend.http
          .post('/api/auth/register')
          .send({ email: taken, password: STRONG_PASSWORD, name: 'Again' }),
      );
    }
    expect(answers[0]!.status).toBe(409);
    expect(answers[0]!.body.detail).toBe(
      'An account with this email already exists. Sign in, or use another email.',
    );
    expect(answers.slice(0, 10).every((answer) => answer.status === 409)).toBe(true);
    const limited = answers[10]!;
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.body.detail).toMatch(/already have accounts/);
  });

  it('never limits health probes', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => backend.http.get('/api/health/live')),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(responses[0]!.headers['ratelimit-limit']).toBeUndefined();
  });
});
