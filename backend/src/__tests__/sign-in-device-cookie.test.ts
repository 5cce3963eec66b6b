// Device cookies: a browser that signed in to an email before is not held back by someone else's
// failures for that email; it is throttled on its own instead (docs/decisions/120).
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  useTestBackend,
} from '../test-support/test-backend.js';

// The per-address rate limit would interfere with the many failures made here on purpose.
const backend = useTestBackend({ env: { RATE_LIMIT_ENABLED: 'false' } });

/** A sign-in attempt, sending `cookie` (as "name=value") when given. */
const attempt = (email: string, password: string, cookie?: string) => {
  const request = backend.http.post('/api/auth/login');
  if (cookie) request.set('Cookie', cookie);
  return request.send({ email, password });
};

function setCookieNamed(response: Response, name: string): string | undefined {
  const header = response.headers['set-cookie'] as string | string[] | undefined;
  const cookies = Array.isArray(header) ? header : header ? [header] : [];
  return cookies.find((value) => value.startsWith(`${name}=`));
}

/** The device cookie a response set, as "gv_device=<value>" to send back. */
function deviceCookieFrom(response: Response): string {
  const cookie = setCookieNamed(response, 'gv_device');
  if (!cookie) throw new Error('no device cookie in response');
  return cookie.split(';')[0]!;
}

async function signInOnce(email: string, password: string): Promise<string> {
  return deviceCookieFrom(await attempt(email, password).expect(200));
}

/** An attacker (no device cookie) pauses the email with wrong passwords. */
async function pauseEmail(email: string): Promise<void> {
  for (let index = 0; index < 5; index++) {
    await attempt(email, `attacker guess ${index}`).expect(401);
  }
  await attempt(email, `attacker guess again`).expect(429);
}

const retryAfter = (response: Response) => Number(response.headers['retry-after']);

describe('device cookie', () => {
  it('is set on sign-in and registration: HttpOnly, SameSite=Strict, scoped to /api/auth, long-lived', async () => {
    const registered = await backend.http
      .post('/api/auth/register')
      .send({ email: uniqueEmail('device'), password: STRONG_PASSWORD, name: 'Device Owner' })
      .expect(201);
    for (const response of [
      registered,
      await attempt(registered.body.user.email, STRONG_PASSWORD),
    ]) {
      const cookie = setCookieNamed(response, 'gv_device');
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Strict/i);
      expect(cookie).toMatch(/; Path=\/api\/auth(;|$)/i);
      const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie!)?.[1]);
      expect(maxAge).toBeGreaterThanOrEqual(364 * 24 * 60 * 60);
      // The cookie binds a device to an email without telling anyone which email.
      expect(decodeURIComponent(cookie!)).not.toContain('@');
    }
  });

  it('lets the real user sign in at once while an attacker keeps their email paused', async () => {
    const user = await registerUser(backend);
    const device = await signInOnce(user.email, user.password);
    await pauseEmail(user.email);

    const signedIn = await attempt(user.email, user.password, device).expect(200);
    expect(signedIn.body.user.email).toBe(user.email);
    expect(setCookieNamed(signedIn, 'gv_refresh')).toBeDefined();

    // Anyone without the cookie, even with the right password, still waits.
    const stillPaused = await attempt(user.email, user.password).expect(429);
    expect(retryAfter(stillPaused)).toBeGreaterThan(0);
    // And the cookie the successful sign-in renewed works the same way.
    await attempt(user.email, user.password, deviceCookieFrom(signedIn)).expect(200);
  });

  it('gives no way past the pause for another email, or when tampered with', async () => {
    const owner = await registerUser(backend);
    const victim = await registerUser(backend);
    const ownersDevice = await signInOnce(owner.email, owner.password);
    const victimsDevice = await signInOnce(victim.email, victim.password);
    await pauseEmail(victim.email);
    const stranger = uniqueEmail('nobody');
    await pauseEmail(stranger);

    // A valid cookie, but bound to another email: the email-wide pause applies.
    await attempt(victim.email, victim.password, ownersDevice).expect(429);
    // An unknown email answers exactly as a known one does, with or without someone's cookie.
    const unknown = await attempt(stranger, STRONG_PASSWORD, ownersDevice).expect(429);
    expect(unknown.body.detail).toMatch(/try again in/i);

    const [name, value] = victimsDevice.split('=') as [string, string];
    const flipped = value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
    const tampered = [
      `${name}=${flipped}`,
      `${name}=${value.slice(0, -4)}`,
      `${name}=${value}x`,
      `${name}=${'A'.repeat(value.length)}`,
      `${name}=`,
    ];
    for (const cookie of tampered) {
      await attempt(victim.email, victim.password, cookie).expect(429);
    }
    // The genuine cookie still works, so the refusals above were the tampering.
    await attempt(victim.email, victim.password, victimsDevice).expect(200);
  });

  it('pauses a known device that keeps guessing wrong on its own, not the email', async () => {
    const user = await registerUser(backend);
    const device = await signInOnce(user.email, user.password);
    for (let index = 0; index < 4; index++) {
      await attempt(user.email, `forgotten ${index}`, device).expect(401);
    }
    // The fifth failure starts the device's wait: 30 seconds, as for an email.
    await attempt(user.email, 'forgotten 4', device).expect(401);
    const paused = await attempt(user.email, user.password, device).expect(429);
    expect(retryAfter(paused)).toBeGreaterThan(25);
    expect(retryAfter(paused)).toBeLessThanOrEqual(30);

    // Its failures did not count against the email: another browser signs in normally.
    const elsewhere = await attempt(user.email, user.password).expect(200);
    // And that browser's own cookie is not held back by the first device's wait.
    await attempt(user.email, user.password, deviceCookieFrom(elsewhere)).expect(200);
  });
});
