// Password reset by mail, end to end: the request answers the same for every email, a real SMTP
// server receives the mail, and the link in it sets a new password once and ends every session.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PASSWORD_RESET_ACCEPTED } from '@gv/contract';
import { queryRows } from '../db/database.js';
import {
  MAILED_LINKS_URL as PUBLIC_URL,
  useMailingBackend,
} from '../test-support/mailing-backend.js';
import { linkIn } from '../test-support/smtp-test-server.js';
import {
  bothEngines,
  flushAuditLog,
  login,
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  type TestBackend,
} from '../test-support/test-backend.js';

const NEW_PASSWORD = 'Correct horse, new battery';
// Sign-up also mails a confirmation link; these tests follow the reset mails.
const RESET_SUBJECT = /Reset your/;

const requestReset = (backend: TestBackend, email: string) =>
  backend.http.post('/api/auth/password-reset/request').send({ email });

async function auditEvents(backend: TestBackend, event: string, userId: string | null) {
  await flushAuditLog(backend);
  return queryRows<{ message: string; metadata: Record<string, unknown> }>(
    backend.database.db,
    userId
      ? sql`select message, metadata from logs where event = ${event} and user_id = ${userId}`
      : sql`select message, metadata from logs where event = ${event} and user_id is null`,
  );
}

describe.each(bothEngines())('password reset on %s', (driver, skipReason) => {
  const made = useMailingBackend(driver, skipReason);
  const test = it.skipIf(skipReason);

  test('the mailed link sets a new password once and ends every session', async () => {
    const { backend, smtp } = made;
    const user = await registerUser(backend);
    const otherDevice = await login(backend, user.email, user.password);

    const asked = await requestReset(backend, user.email.toUpperCase()).expect(202);
    expect(asked.body).toEqual(PASSWORD_RESET_ACCEPTED);
    const mail = await smtp.waitForMail(user.email, RESET_SUBJECT);
    const link = linkIn(mail, `${PUBLIC_URL}/reset-password?token=`);
    const token = link.searchParams.get('token')!;
    expect(mail.html).toContain(link.href.replace(/&/g, '&amp;'));

    // A weak password is refused without spending the link.
    const weak = await backend.http
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'password123' })
      .expect(400);
    expect(weak.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);

    await backend.http
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: NEW_PASSWORD })
      .expect(204);

    for (const signedIn of [user, otherDevice]) {
      await backend.http.get('/api/users/me').set(signedIn.auth).expect(401);
    }
    await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: STRONG_PASSWORD })
      .expect(401);
    await login(backend, user.email, NEW_PASSWORD);

    const again = await backend.http
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'Another fine passphrase' })
      .expect(400);
    expect(again.body.errors).toEqual([
      expect.objectContaining({ path: 'token', message: expect.stringMatching(/already used/) }),
    ]);

    expect(await auditEvents(backend, 'auth.password_reset.requested', user.userId)).toEqual([
      expect.objectContaining({ metadata: { mailed: true } }),
    ]);
    expect(await auditEvents(backend, 'auth.password_reset.completed', user.userId)).toEqual([
      expect.objectContaining({ metadata: { sessionsEnded: 2 } }),
    ]);
    // Only the hash of the token is kept.
    const stored = await queryRows<{ token_hash: string }>(
      backend.database.db,
      sql`select token_hash from account_tokens where user_id = ${user.userId}`,
    );
    expect(stored.map((row) => row.token_hash)).not.toContain(token);
  });

  test('only the latest link works, and a made-up token is refused as a field error', async () => {
    const { backend, smtp } = made;
    const user = await registerUser(backend);
    await requestReset(backend, user.email).expect(202);
    const first = linkIn(
      await smtp.waitForMail(user.email, RESET_SUBJECT),
      `${PUBLIC_URL}/reset-password`,
    );
    await backend.background.idle();
    smtp.received.length = 0;
    await requestReset(backend, user.email).expect(202);
    const second = linkIn(
      await smtp.waitForMail(user.email, RESET_SUBJECT),
      `${PUBLIC_URL}/reset-password`,
    );

    for (const token of [first.searchParams.get('token'), 'made-up-token']) {
      await backend.http
        .post('/api/auth/password-reset/confirm')
        .send({ token, password: NEW_PASSWORD })
        .expect(400);
    }
    await backend.http
      .post('/api/auth/password-reset/confirm')
      .send({ token: second.searchParams.get('token'), password: NEW_PASSWORD })
      .expect(204);
  });

  test('an email without an account gets the same answer and no mail', async () => {
    const { backend, smtp } = made;
    const email = uniqueEmail('nobody');
    const asked = await requestReset(backend, email).expect(202);
    expect(asked.body).toEqual(PASSWORD_RESET_ACCEPTED);
    await backend.background.idle();
    expect(smtp.received.filter((mail) => mail.to.includes(email))).toEqual([]);
    const events = await auditEvents(backend, 'auth.password_reset.requested', null);
    expect(events).toContainEqual(
      expect.objectContaining({ metadata: { mailed: false, reason: 'unknown_email' } }),
    );
  });

  test('a malformed email is a field error', async () => {
    const response = await requestReset(made.backend, 'not-an-email').expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'email' })]);
  });
});

describe.each(bothEngines())('password-reset limits on %s', (driver, skipReason) => {
  const made = useMailingBackend(driver, skipReason);
  const test = it.skipIf(skipReason);

  test('five requests per email an hour, counted alike for known and unknown emails', async () => {
    const { backend } = made;
    const known = await registerUser(backend);
    for (const email of [known.email, uniqueEmail('nobody')]) {
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await requestReset(backend, email).expect(202);
      }
      const refused = await requestReset(backend, email).expect(429);
      expect(refused.body.detail).toMatch(/for this email/);
    }
    // Another email from the same address is still served.
    await requestReset(backend, uniqueEmail('other')).expect(202);
  });
});
