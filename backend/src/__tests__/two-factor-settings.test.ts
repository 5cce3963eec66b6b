// Two-factor settings after enrolment, end to end with a real SMTP server: turning it off and new
// recovery codes need the password and a code, an admin can reset a user's (audited, sessions
// ended, the user told by mail), and REQUIRE_ADMIN_2FA keeps admin routes from admins without it.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TWO_FACTOR_REQUIRED_PROBLEM_TYPE,
  type RecoveryCodes,
  type TwoFactorStatus,
  type User,
} from '@gv/contract';
import { queryRows } from '../db/database.js';
import { useMailingBackend } from '../test-support/mailing-backend.js';
import { enrolTwoFactor } from '../test-support/two-factor.js';
import {
  bothEngines,
  createAdmin,
  flushAuditLog,
  registerUser,
  type SignedInUser,
  type TestBackend,
} from '../test-support/test-backend.js';

describe.each(bothEngines())('two-factor settings on %s', (driver, skipReason) => {
  const made = useMailingBackend(driver, skipReason);
  const test = it.skipIf(skipReason);
  let backend: TestBackend;
  let admin: SignedInUser;
  beforeAll(async () => {
    if (skipReason) return;
    backend = made.backend;
    admin = await createAdmin(backend);
  });

  const status = async (user: SignedInUser) =>
    (await backend.http.get('/api/account/two-factor').set(user.auth).expect(200))
      .body as TwoFactorStatus;
  const login = (user: SignedInUser) =>
    backend.http.post('/api/auth/login').send({ email: user.email, password: user.password });

  test('turning it off needs the password and a code; sign-in then asks for the password only', async () => {
    const user = await registerUser(backend);
    const { app, recoveryCodes } = await enrolTwoFactor(backend, user);
    const disable = (body: object) =>
      backend.http.post('/api/account/two-factor/disable').set(user.auth).send(body);

    const wrongPassword = await disable({ password: 'wrong password', code: await app.nextCode() });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
    const wrongCode = await disable({ password: user.password, code: app.wrongCode() });
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    await disable({ password: user.password }).expect(400);
    expect((await status(user)).enabled).toBe(true);

    await disable({ password: user.password, code: recoveryCodes[0] }).expect(204);
    expect(await status(user)).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
      requiredForMe: false,
    });
    expect((await login(user).expect(200)).body).toMatchObject({ twoFactorRequired: false });
    await disable({ password: user.password, code: recoveryCodes[1] }).expect(409);
    await made.smtp.waitForMail(user.email, /Two-factor sign-in is off/);

    await flushAuditLog(backend);
    const events = await queryRows<{ event: string; metadata: Record<string, unknown> }>(
      backend.database.db,
      sql`select event, metadata from logs where user_id = ${user.userId} and event like 'auth.two_factor.%' order by id`,
    );
    expect(events.map((row) => row.event)).toEqual([
      'auth.two_factor.enrolment_started',
      'auth.two_factor.enabled',
      'auth.two_factor.password_failed',
      'auth.two_factor.failed',
      'auth.two_factor.recovery_code_used',
      'auth.two_factor.disabled',
    ]);
    const rows = await queryRows<{ left: number }>(
      backend.database.db,
      sql`select (select count(*) from recovery_codes where user_id = ${user.userId})::int
            + (select count(*) from totp_credentials where user_id = ${user.userId})::int as left`,
    );
    expect(rows[0]!.left).toBe(0);
  });

  test('new recovery codes need the password and a code, and the old ones stop working', async () => {
    const user = await registerUser(backend);
    const { app, recoveryCodes: old } = await enrolTwoFactor(backend, user);
    await backend.http
      .post('/api/account/two-factor/recovery-codes')
      .set(user.auth)
      .send({ password: user.password, code: app.wrongCode() })
      .expect(400);
    const regenerated = await backend.http
      .post('/api/account/two-factor/recovery-codes')
      .set(user.auth)
      .send({ password: user.password, code: await app.nextCode() })
      .expect(200);
    const fresh = (regenerated.body as RecoveryCodes).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
    expect((await status(user)).recoveryCodesLeft).toBe(10);

    const challenge = async () => ({
      challenge: ((await login(user).expect(200)).body as { challenge: string }).challenge,
    });
    await backend.http
      .post('/api/auth/login/two-factor')
      .send({ ...(await challenge()), code: old[0] })
      .expect(400)
      .expect((response) => expect(response.body.errors[0].path).toBe('code'));
    await backend.http
      .post('/api/auth/login/two-factor')
      .send({ ...(await challenge()), code: fresh[0] })
      .expect(200);
  });

  test("an admin resets a user's two-factor: audited, their sessions ended, a mail tells them", async () => {
    const user = await registerUser(backend);
    await enrolTwoFactor(backend, user);
    const listed = await backend.http.get(`/api/users/${user.userId}`).set(admin.auth).expect(200);
    expect(listed.body as User).toMatchObject({ twoFactorEnabled: true, emailVerified: false });
    await backend.http.delete(`/api/users/${user.userId}/two-factor`).set(user.auth).expect(403);

    await backend.http.delete(`/api/users/${user.userId}/two-factor`).set(admin.auth).expect(204);
    await backend.http.get('/api/users/me').set(user.auth).expect(401);
    expect((await login(user).expect(200)).body).toMatchObject({ twoFactorRequired: false });
    const after = await backend.http.get(`/api/users/${user.userId}`).set(admin.auth).expect(200);
    expect(after.body as User).toMatchObject({ twoFactorEnabled: false });
    await backend.http.delete(`/api/users/${user.userId}/two-factor`).set(admin.auth).expect(409);
    await backend.http
      .delete('/api/users/00000000-0000-4000-8000-000000000000/two-factor')
      .set(admin.auth)
      .expect(404);

    const mail = await made.smtp.waitForMail(user.email, /An administrator turned off two-factor/);
    expect(mail.text).toMatch(/turn it on again/);
    await flushAuditLog(backend);
    const [reset] = await queryRows<{ user_id: string; metadata: Record<string, unknown> }>(
      backend.database.db,
      sql`select user_id, metadata from logs where event = 'admin.user.two_factor_reset'
          and metadata->>'targetUserId' = ${user.userId}`,
    );
    expect(reset).toEqual({
      user_id: admin.userId,
      metadata: { targetUserId: user.userId, sessionsEnded: 1 },
    });
  });
});

describe.each(bothEngines())('REQUIRE_ADMIN_2FA on %s', (driver, skipReason) => {
  const made = useMailingBackend(driver, skipReason, { REQUIRE_ADMIN_2FA: 'true' });
  const test = it.skipIf(skipReason);

  test('admins sign in, but admin routes wait until they turn on two-factor sign-in', async () => {
    const { backend } = made;
    const admin = await createAdmin(backend);
    const refused = await backend.http.get('/api/users').set(admin.auth).expect(403);
    expect(refused.body).toMatchObject({
      type: TWO_FACTOR_REQUIRED_PROBLEM_TYPE,
      title: 'Two-factor sign-in required',
    });
    const me = await backend.http.get('/api/users/me').set(admin.auth).expect(200);
    expect(me.body as User).toMatchObject({ twoFactorEnabled: false, twoFactorRequired: true });
    const mine = await backend.http.get('/api/account/two-factor').set(admin.auth).expect(200);
    expect(mine.body as TwoFactorStatus).toMatchObject({ enabled: false, requiredForMe: true });

    await enrolTwoFactor(backend, admin);
    await backend.http.get('/api/users').set(admin.auth).expect(200);

    // Users are not asked, and still get the plain 403 from admin routes.
    const user = await registerUser(backend);
    const userMe = await backend.http.get('/api/users/me').set(user.auth).expect(200);
    expect(userMe.body as User).toMatchObject({ twoFactorRequired: false });
    const forbidden = await backend.http.get('/api/users').set(user.auth).expect(403);
    expect(forbidden.body.type).toBe('https://gv-playground.dev/problems/forbidden');
  });
});
