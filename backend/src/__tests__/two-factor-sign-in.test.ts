// Two-factor sign-in, end to end: enrolment with the secret the server shows (and mails a notice
// through a real SMTP server), sign-in that answers a challenge and then takes a code from the app
// or a recovery code, and the limits on codes: single use, 5 wrong codes per challenge (then the
// account waits), 5 minutes.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  RECOVERY_CODE_COUNT,
  type LoginResponse,
  type SignedInResponse,
  type TwoFactorChallenge,
  type TwoFactorStatus,
  type User,
} from '@gv/contract';
import { queryRows } from '../db/database.js';
import { useMailingBackend } from '../test-support/mailing-backend.js';
import { AuthenticatorApp, enrolTwoFactor } from '../test-support/two-factor.js';
import {
  bothEngines,
  flushAuditLog,
  registerUser,
  type SignedInUser,
  type TestBackend,
} from '../test-support/test-backend.js';

async function auditRows(backend: TestBackend, userId: string) {
  await flushAuditLog(backend);
  return queryRows<{ event: string; metadata: Record<string, unknown> }>(
    backend.database.db,
    sql`select event, metadata from logs where user_id = ${userId} order by id`,
  );
}

const cookieNames = (setCookie: string[] | string | undefined) =>
  (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map(
    (cookie) => cookie.split('=')[0],
  );

describe.each(bothEngines())('two-factor sign-in on %s', (driver, skipReason) => {
  const made = useMailingBackend(driver, skipReason);
  const test = it.skipIf(skipReason);
  let backend: TestBackend;
  beforeAll(() => {
    backend = made.backend;
  });

  const status = async (user: SignedInUser) =>
    (await backend.http.get('/api/account/two-factor').set(user.auth).expect(200))
      .body as TwoFactorStatus;
  const passwordStep = async (user: SignedInUser) => {
    const response = await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(200);
    return response;
  };
  const challengeFor = async (user: SignedInUser) =>
    ((await passwordStep(user)).body as TwoFactorChallenge).challenge;
  const codeStep = (challenge: string, code: string) =>
    backend.http.post('/api/auth/login/two-factor').send({ challenge, code });

  test('enrolment shows a secret and its QR code, and the first code turns it on', async () => {
    const user = await registerUser(backend);
    expect(await status(user)).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
      requiredForMe: false,
    });
    const wrongPassword = await backend.http
      .post('/api/account/two-factor/enrolment')
      .set(user.auth)
      .send({ password: 'not the password' })
      .expect(400);
    expect(wrongPassword.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);

    const started = await backend.http
      .post('/api/account/two-factor/enrolment')
      .set(user.auth)
      .send({ password: user.password })
      .expect(200);
    const { secret, otpauthUri, qrCodeSvg } = started.body as Record<string, string>;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(
      `otpauth://totp/GV%20Playground:${encodeURIComponent(user.email)}?secret=${secret}` +
        '&issuer=GV%20Playground&algorithm=SHA1&digits=6&period=30',
    );
    expect(qrCodeSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\s*$/);
    const app = new AuthenticatorApp(secret!);

    const wrong = await backend.http
      .post('/api/account/two-factor/enrolment/confirm')
      .set(user.auth)
      .send({ code: app.wrongCode() })
      .expect(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await status(user)).enabled).toBe(false);

    const confirmed = await backend.http
      .post('/api/account/two-factor/enrolment/confirm')
      .set(user.auth)
      .send({ code: await app.nextCode() })
      .expect(200);
    const codes = (confirmed.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
    expect(await status(user)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    const me = (await backend.http.get('/api/users/me').set(user.auth).expect(200)).body as User;
    expect(me).toMatchObject({ twoFactorEnabled: true, twoFactorRequired: false });
    await backend.http
      .post('/api/account/two-factor/enrolment')
      .set(user.auth)
      .send({ password: user.password })
      .expect(409);

    const notice = await made.smtp.waitForMail(user.email, /Two-factor sign-in is on/);
    expect(notice.text).toMatch(/recovery codes/);
    // Neither the secret nor a recovery code is stored as it is.
    const [stored] = await queryRows<{ secret_ciphertext: string }>(
      backend.database.db,
      sql`select secret_ciphertext from totp_credentials where user_id = ${user.userId}`,
    );
    expect(stored!.secret_ciphertext).toMatch(/^v1\./);
    expect(stored!.secret_ciphertext).not.toContain(secret);
    const hashes = await queryRows<{ code_hash: string }>(
      backend.database.db,
      sql`select code_hash from recovery_codes where user_id = ${user.userId}`,
    );
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) expect(codes).not.toContain(code_hash);
  });

  test('the password answers a challenge, not a session; the code finishes the sign-in once', async () => {
    const user = await registerUser(backend);
    const { app } = await enrolTwoFactor(backend, user);

    const password = await passwordStep(user);
    const challenge = password.body as LoginResponse;
    expect(challenge).toEqual({
      twoFactorRequired: true,
      challenge: expect.stringMatching(/^[\w-]{43}$/),
      expiresAt: expect.any(String),
    });
    expect(Date.parse((challenge as TwoFactorChallenge).expiresAt) - Date.now()).toBeGreaterThan(
      4 * 60_000,
    );
    expect(cookieNames(password.headers['set-cookie'])).toEqual([]);
    expect(password.body).not.toHaveProperty('accessToken');

    const signedIn = await codeStep(
      (challenge as TwoFactorChallenge).challenge,
      await app.nextCode(),
    ).expect(200);
    const body = signedIn.body as SignedInResponse;
    expect(body).toMatchObject({ twoFactorRequired: false, tokenType: 'Bearer' });
    expect(cookieNames(signedIn.headers['set-cookie']).sort()).toEqual(['gv_device', 'gv_refresh']);
    await backend.http
      .get('/api/users/me')
      .set({ Authorization: `Bearer ${body.accessToken}` })
      .expect(200);
    // The challenge is spent.
    const again = await codeStep((challenge as TwoFactorChallenge).challenge, app.wrongCode());
    expect(again.status).toBe(401);

    const events = await auditRows(backend, user.userId);
    expect(events.map((row) => row.event)).toEqual(
      expect.arrayContaining([
        'auth.two_factor.enrolment_started',
        'auth.two_factor.enabled',
        'auth.login.two_factor_required',
      ]),
    );
    expect(events.filter((row) => row.event === 'auth.login.succeeded').at(-1)!.metadata).toEqual({
      secondFactor: 'app',
    });
  });

  test('a code already used is refused, and so is a wrong one; both are audited', async () => {
    const user = await registerUser(backend);
    const enrolled = await enrolTwoFactor(backend, user);
    // The code that confirmed the enrolment, from the same 30 seconds.
    const used = new AuthenticatorApp(enrolled.app.secret);
    const replayed = await codeStep(await challengeFor(user), await used.nextCode());
    if (replayed.status === 400) {
      expect(replayed.body.errors[0].message).toMatch(/wrong or was already used.*4 tries left/);
    } else {
      // The 30 seconds ended in between: the helper's code was of the next step, never used.
      expect(replayed.status).toBe(200);
    }
    const wrong = await codeStep(await challengeFor(user), enrolled.app.wrongCode()).expect(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    const failures = (await auditRows(backend, user.userId)).filter(
      (row) => row.event === 'auth.two_factor.failed',
    );
    expect(failures.at(-1)!.metadata).toEqual({ stage: 'sign_in', attemptsLeft: 4 });
  });

  test('a recovery code signs in once, in any case, and the count left shows', async () => {
    const user = await registerUser(backend);
    const { recoveryCodes } = await enrolTwoFactor(backend, user);
    const typed = recoveryCodes[0]!.toUpperCase().replace('-', '');
    await codeStep(await challengeFor(user), typed).expect(200);
    expect(await status(user)).toMatchObject({ recoveryCodesLeft: 9 });
    await codeStep(await challengeFor(user), recoveryCodes[0]!).expect(400);
    await codeStep(await challengeFor(user), recoveryCodes[1]!).expect(200);

    const used = (await auditRows(backend, user.userId)).filter(
      (row) => row.event === 'auth.two_factor.recovery_code_used',
    );
    expect(used.map((row) => row.metadata)).toEqual([
      { recoveryCodesLeft: 9 },
      { recoveryCodesLeft: 8 },
    ]);
    const signIns = (await auditRows(backend, user.userId)).filter(
      (row) => row.event === 'auth.login.succeeded',
    );
    expect(signIns.at(-1)!.metadata).toEqual({ secondFactor: 'recovery_code' });
  });

  test('a challenge works for 5 minutes, and only the latest one', async () => {
    const user = await registerUser(backend);
    const { app } = await enrolTwoFactor(backend, user);
    const right = await app.nextCode();
    const expiring = await challengeFor(user);
    await backend.database.db.execute(
      sql`update account_tokens set expires_at = now() - interval '1 second'
          where user_id = ${user.userId} and purpose = 'two_factor_challenge' and used_at is null`,
    );
    await codeStep(expiring, right).expect(401);

    const older = await challengeFor(user);
    const newer = await challengeFor(user);
    await codeStep(older, right).expect(401);
    await codeStep(newer, right).expect(200);
    await codeStep('not-a-challenge-we-issued', right).expect(401);
  });

  test('five wrong codes void the challenge, and the account then waits', async () => {
    const user = await registerUser(backend);
    const { app, recoveryCodes } = await enrolTwoFactor(backend, user);
    const challenge = await challengeFor(user);
    for (const left of [4, 3, 2, 1]) {
      const wrong = await codeStep(challenge, app.wrongCode()).expect(400);
      expect(wrong.body.errors[0].message).toMatch(new RegExp(`${left} tr(y|ies) left`));
    }
    const fifth = await codeStep(challenge, app.wrongCode()).expect(401);
    expect(fifth.body.detail).toMatch(/Too many wrong codes.*sign in with your password again/);
    await codeStep(challenge, recoveryCodes[0]!).expect(401);

    // A new challenge buys no new guesses: the account waits, even for a right code.
    const waiting = await codeStep(await challengeFor(user), recoveryCodes[0]!).expect(429);
    expect(waiting.body.detail).toMatch(/Too many wrong two-factor codes for this account/);
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
    expect((await status(user)).recoveryCodesLeft).toBe(10);
  });
});
