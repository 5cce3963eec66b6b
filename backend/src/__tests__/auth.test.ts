import { SignJWT } from 'jose';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/database.js';
import { describe, expect, it } from 'vitest';
import {
  flushAuditLog,
  login,
  refreshCookieFrom,
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  useTestBackend,
} from '../test-support/test-backend.js';

const backend = useTestBackend();
const ORIGIN = 'http://127.0.0.1';

/** A same-origin refresh call, as the browser makes it. */
function refreshRequest() {
  return backend.http.post('/api/auth/refresh').set('Origin', ORIGIN).set('Host', '127.0.0.1');
}

async function logEvents(userId: string): Promise<string[]> {
  await flushAuditLog(backend);
  const rows = await queryRows<{ event: string }>(
    backend.database.db,
    sql`select event from logs where user_id = ${userId} order by id`,
  );
  return rows.map((row) => row.event);
}

describe('register', () => {
  it('creates the account, signs in, and sets a hardened refresh cookie', async () => {
    const email = uniqueEmail('Mixed.Case');
    const response = await backend.http
      .post('/api/auth/register')
      .send({ email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD, name: 'Ada' })
      .expect(201);
    expect(response.body.user).toMatchObject({
      email: email.toLowerCase(),
      name: 'Ada',
      role: 'user',
      status: 'active',
    });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    expect(response.body.tokenType).toBe('Bearer');
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((value) =>
      value.startsWith('gv_refresh='),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('refuses a duplicate email, whatever its case, with 409', async () => {
    const user = await registerUser(backend);
    const response = await backend.http
      .post('/api/auth/register')
      .send({ email: user.email.toUpperCase(), password: STRONG_PASSWORD, name: 'Copy' })
      .expect(409);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 409, title: 'Conflict' });
  });

  it('answers bad input with 400 and an error per field', async () => {
    const response = await backend.http
      .post('/api/auth/register')
      .send({ email: 'not-an-email', password: 'short', name: '' })
      .expect(400);
    const paths = (response.body.errors as Array<{ path: string }>)
      .map((error) => error.path)
      .sort();
    expect(paths).toEqual(['email', 'name', 'password']);
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
  });

  it('refuses one of the most common passwords', async () => {
    const response = await backend.http
      .post('/api/auth/register')
      .send({ email: uniqueEmail(), password: 'password123', name: 'Weak' })
      .expect(400);
    expect(response.body.errors).toEqual([
      { path: 'password', message: expect.stringMatching(/too common/) },
    ]);
  });

  it('refuses passwords over 128 characters and unknown fields', async () => {
    const long = await backend.http
      .post('/api/auth/register')
      .send({ email: uniqueEmail(), password: 'x'.repeat(129), name: 'Long' })
      .expect(400);
    expect(long.body.errors[0].path).toBe('password');
    const extra = await backend.http
      .post('/api/auth/register')
      .send({ email: uniqueEmail(), password: STRONG_PASSWORD, name: 'Extra', role: 'admin' })
      .expect(400);
    expect(extra.body.errors[0].message).toMatch(/role/);
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    await backend.http
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":')
      .expect(400);
    const response = await backend.http
      .post('/api/auth/register')
      .send({ email: uniqueEmail(), password: STRONG_PASSWORD, name: 'x'.repeat(200_000) })
      .expect(413);
    expect(response.body.title).toBe('Payload too large');
  });
});

describe('login', () => {
  it('signs in and records the event', async () => {
    const user = await registerUser(backend);
    const signedIn = await login(backend, user.email.toUpperCase(), user.password);
    expect(signedIn.sessionId).not.toBe(user.sessionId);
    expect(await logEvents(user.userId)).toContain('auth.login.succeeded');
  });

  it('gives the same generic 401 for an unknown email and a wrong password', async () => {
    const user = await registerUser(backend);
    const unknown = await backend.http
      .post('/api/auth/login')
      .send({ email: uniqueEmail(), password: STRONG_PASSWORD })
      .expect(401);
    const wrong = await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'wrong password!' })
      .expect(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(unknown.body.title).toBe(wrong.body.title);
  });

  it('refuses a disabled account with the generic 401', async () => {
    const user = await registerUser(backend);
    await backend.repositories.users.update(user.userId, { status: 'disabled' });
    await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
  });
});

describe('refresh', () => {
  it('rotates the refresh token on every use', async () => {
    const user = await registerUser(backend);
    const first = await refreshRequest().set('Cookie', user.refreshCookie).expect(200);
    const rotated = refreshCookieFrom(first.headers['set-cookie']);
    expect(rotated).not.toBe(user.refreshCookie);
    expect(first.body.sessionId).toBe(user.sessionId);
    await backend.http
      .get('/api/users/me')
      .set('Authorization', `Bearer ${first.body.accessToken}`)
      .expect(200);
    await refreshRequest().set('Cookie', rotated).expect(200);
  });

  it('treats a superseded token as theft: revokes the session and logs it', async () => {
    const user = await registerUser(backend);
    const first = await refreshRequest().set('Cookie', user.refreshCookie).expect(200);
    const current = refreshCookieFrom(first.headers['set-cookie']);

    // The old token comes back (a stolen copy): refused, and the whole session ends.
    await refreshRequest().set('Cookie', user.refreshCookie).expect(401);
    await refreshRequest().set('Cookie', current).expect(401);
    await backend.http
      .get('/api/users/me')
      .set('Authorization', `Bearer ${first.body.accessToken}`)
      .expect(401);

    const [session] = await queryRows<{ revoked_reason: string | null }>(
      backend.database.db,
      sql`select revoked_reason from sessions where id = ${user.sessionId}`,
    );
    expect(session!.revoked_reason).toBe('refresh_token_reuse');
    expect(await logEvents(user.userId)).toContain('security.refresh_token_reuse');
  });

  it('needs a same-origin Origin header, and says which origin it expects', async () => {
    const user = await registerUser(backend);
    const missing = await backend.http
      .post('/api/auth/refresh')
      .set('Host', 'localhost:4000')
      .set('Cookie', user.refreshCookie)
      .expect(403);
    expect(missing.body.detail).toContain('http://localhost:4000');
    const foreign = await backend.http
      .post('/api/auth/refresh')
      .set('Host', 'localhost:4000')
      .set('Origin', 'http://localhost:3000')
      .set('Cookie', user.refreshCookie)
      .expect(403);
    expect(foreign.body.detail).toBe(
      'Refresh is only allowed from this site: send Origin: http://localhost:4000.',
    );
  });

  it('answers 401 without a cookie or with an unknown one', async () => {
    await refreshRequest().expect(401);
    await refreshRequest().set('Cookie', 'gv_refresh=made-up').expect(401);
  });

  it('refuses a session idle for longer than the refresh lifetime', async () => {
    const user = await registerUser(backend);
    await backend.database.db.execute(
      sql`update sessions set last_used_at = now() - interval '8 days' where id = ${user.sessionId}`,
    );
    await refreshRequest().set('Cookie', user.refreshCookie).expect(401);
  });

  it('refuses a session past its absolute lifetime', async () => {
    const user = await registerUser(backend);
    await backend.database.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where id = ${user.sessionId}`,
    );
    await refreshRequest().set('Cookie', user.refreshCookie).expect(401);
  });
});

describe('logout and password change', () => {
  it('logout ends the session: its access token and refresh cookie stop working', async () => {
    const user = await registerUser(backend);
    const response = await backend.http
      .post('/api/auth/logout')
      .set('Cookie', user.refreshCookie)
      .expect(204);
    expect(String(response.headers['set-cookie'])).toMatch(/gv_refresh=;/);
    await backend.http.get('/api/users/me').set(user.auth).expect(401);
    await refreshRequest().set('Cookie', user.refreshCookie).expect(401);
  });

  it('changing the password ends every other session and keeps this one', async () => {
    const user = await registerUser(backend);
    const other = await login(backend, user.email, user.password);
    const newPassword = 'a brand new passphrase';
    await backend.http
      .post('/api/auth/password')
      .set(user.auth)
      .send({ currentPassword: user.password, newPassword })
      .expect(204);
    await backend.http.get('/api/users/me').set(user.auth).expect(200);
    await backend.http.get('/api/users/me').set(other.auth).expect(401);
    await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
    await login(backend, user.email, newPassword);
  });

  it('refuses a wrong current password with a field error', async () => {
    const user = await registerUser(backend);
    const response = await backend.http
      .post('/api/auth/password')
      .set(user.auth)
      .send({ currentPassword: 'not my password', newPassword: 'another good passphrase' })
      .expect(400);
    expect(response.body.errors).toEqual([
      { path: 'currentPassword', message: 'Current password is wrong' },
    ]);
  });
});

describe('access tokens', () => {
  const secret = new TextEncoder().encode('test-secret-that-is-at-least-32-bytes-long!!');
  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('refuses tampered, expired, alg:none, wrong-key and wrong-audience tokens', async () => {
    const user = await registerUser(backend);
    const [header, payload, signature] = user.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
      string,
      unknown
    >;

    const tampered = `${header}.${base64url({ ...claims, role: 'admin' })}.${signature}`;
    const algNone = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    const sign = (body: Record<string, unknown>, key: Uint8Array = secret) =>
      new SignJWT(body).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const expired = await sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 });
    const wrongKey = await sign(
      claims,
      new TextEncoder().encode('another-secret-that-is-32-bytes-long!!!!'),
    );
    const wrongAudience = await sign({ ...claims, aud: 'someone-else' });
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(secret);

    for (const token of [tampered, algNone, expired, wrongKey, wrongAudience, hs512, 'garbage']) {
      const response = await backend.http
        .get('/api/users/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
    // The untouched token still works, so the refusals above are about the changes.
    await backend.http.get('/api/users/me').set(user.auth).expect(200);
  });
});
