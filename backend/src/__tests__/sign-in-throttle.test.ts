// Sign-in throttling per email: growing waits instead of a hard lock, the same for unknown emails,
// 429 with Retry-After while throttled, and the admin's view of a lock with an Unlock action.
import { sql } from 'drizzle-orm';
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import {
  createAdmin,
  flushAuditLog,
  login,
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  useTestBackend,
  type SignedInUser,
} from '../test-support/test-backend.js';

// The per-address rate limit would interfere with the many failures made here on purpose.
const backend = useTestBackend({ env: { RATE_LIMIT_ENABLED: 'false' } });
let admin: SignedInUser;

beforeAll(async () => {
  admin = await createAdmin(backend);
});

const attempt = (email: string, password: string) =>
  backend.http.post('/api/auth/login').send({ email, password });

async function failTimes(email: string, times: number): Promise<void> {
  for (let index = 0; index < times; index++) {
    await attempt(email, `wrong password ${index}`).expect(401);
  }
}

/** Ends the current wait as if its time had passed, keeping the failure count. */
async function endWait(email: string): Promise<void> {
  await backend.database.db.execute(
    sql`update sign_in_throttles set locked_until = now() - interval '1 second'
        where email = ${email.toLowerCase()}`,
  );
}

const retryAfter = (response: Response) => Number(response.headers['retry-after']);

async function eventsOf(userId: string) {
  await flushAuditLog(backend);
  return queryRows<{ event: string; metadata: Record<string, unknown> }>(
    backend.database.db,
    sql`select event, metadata from logs where user_id = ${userId} order by id`,
  );
}

describe('sign-in throttling', () => {
  it('after five failures asks to wait with 429 and Retry-After, without checking the password', async () => {
    const user = await registerUser(backend);
    await failTimes(user.email, 5);

    // The right password does not get through either: nothing is checked while throttled.
    const throttled = await attempt(user.email, user.password).expect(429);
    expect(throttled.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(retryAfter(throttled)).toBeGreaterThan(25);
    expect(retryAfter(throttled)).toBeLessThanOrEqual(30);
    expect(throttled.body).toMatchObject({ status: 429, title: 'Too many failed sign-ins' });
    expect(throttled.body.detail).toMatch(/try again in 30 seconds/i);
    expect(throttled.body.detail).not.toMatch(/invalid email or password/i);

    const events = await eventsOf(user.userId);
    const locked = events.find((row) => row.event === 'auth.account.locked');
    expect(locked?.metadata).toMatchObject({ failures: 5, waitSeconds: 30 });
  });

  it('treats an unknown email exactly like an account, so throttling reveals nothing', async () => {
    const user = await registerUser(backend);
    const stranger = uniqueEmail('nobody');
    for (let index = 0; index < 5; index++) {
      const [known, unknown] = [
        await attempt(user.email, 'wrong password 1'),
        await attempt(stranger, 'wrong password 1'),
      ];
      expect(unknown.status).toBe(known.status);
      expect(unknown.body.detail).toBe(known.body.detail);
    }
    const known = await attempt(user.email, STRONG_PASSWORD).expect(429);
    const unknown = await attempt(stranger, STRONG_PASSWORD).expect(429);
    expect(unknown.body.title).toBe(known.body.title);
    expect(unknown.body.detail).toBe(known.body.detail);
    expect(Math.abs(retryAfter(unknown) - retryAfter(known))).toBeLessThanOrEqual(1);
  });

  it('does not let attempts during a wait make it longer', async () => {
    const email = uniqueEmail('hammered');
    await failTimes(email, 5);
    for (let index = 0; index < 10; index++) {
      const response = await attempt(email, 'still guessing').expect(429);
      expect(retryAfter(response)).toBeLessThanOrEqual(30);
    }
  });

  it('doubles the wait after each further failure, up to fifteen minutes', async () => {
    const email = uniqueEmail('persistent');
    await failTimes(email, 5);
    const waits: number[] = [];
    for (let round = 0; round < 7; round++) {
      waits.push(retryAfter(await attempt(email, 'x-wrong-x').expect(429)));
      await endWait(email);
      await attempt(email, 'x-wrong-x').expect(401);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });

  it('forgets the failures after a successful sign-in', async () => {
    const user = await registerUser(backend);
    await failTimes(user.email, 5);
    await endWait(user.email);
    await login(backend, user.email, user.password);
    // A fresh allowance of failures: the next four wrong passwords are plain 401s.
    await failTimes(user.email, 4);
    await login(backend, user.email, user.password);
  });
});

describe('admin view of a throttled account', () => {
  it('shows when the wait ends, and Unlock ends it at once and is audited', async () => {
    const user = await registerUser(backend, { name: 'Locked Out' });
    await failTimes(user.email, 5);
    await attempt(user.email, user.password).expect(429);

    const shown = await backend.http.get(`/api/users/${user.userId}`).set(admin.auth).expect(200);
    const lockedUntil = Date.parse(shown.body.lockedUntil);
    expect(lockedUntil - Date.now()).toBeGreaterThan(20_000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(30_000);
    const listed = await backend.http
      .get('/api/users')
      .query({ q: user.email })
      .set(admin.auth)
      .expect(200);
    expect(listed.body.data[0].lockedUntil).toBe(shown.body.lockedUntil);

    // Only admins may unlock.
    const other = await registerUser(backend);
    await backend.http.post(`/api/users/${user.userId}/unlock`).set(other.auth).expect(403);

    const unlocked = await backend.http
      .post(`/api/users/${user.userId}/unlock`)
      .set(admin.auth)
      .expect(200);
    expect(unlocked.body).toMatchObject({ id: user.userId, lockedUntil: null });
    await login(backend, user.email, user.password);

    const events = await eventsOf(user.userId);
    const unlockedEvent = events.find((row) => row.event === 'auth.account.unlocked');
    expect(unlockedEvent?.metadata).toMatchObject({ actorUserId: admin.userId });
  });

  it('answers 404 for an unknown user', async () => {
    await backend.http
      .post('/api/users/00000000-0000-4000-8000-000000000000/unlock')
      .set(admin.auth)
      .expect(404);
  });
});
