// Changing the account's email, end to end with a real SMTP server: the password is required, a
// link goes to the new address and a notice to the current one, the link changes the address
// (confirmed) once and tells the old one, and an address another account has is refused.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_CHANGE_ACCEPTED, type User } from '@gv/contract';
import { queryRows } from '../db/database.js';
import {
  MAILED_LINKS_URL as PUBLIC_URL,
  useMailingBackend,
} from '../test-support/mailing-backend.js';
import { linkIn } from '../test-support/smtp-test-server.js';
import {
  bothEngines,
  flushAuditLog,
  registerUser,
  uniqueEmail,
  type SignedInUser,
  type TestBackend,
} from '../test-support/test-backend.js';

describe.each(bothEngines())('email change on %s', (driver, skipReason) => {
  const made = useMailingBackend(driver, skipReason);
  const test = it.skipIf(skipReason);
  let backend: TestBackend;
  beforeAll(() => {
    backend = made.backend;
  });

  const requestChange = (user: SignedInUser, body: object) =>
    backend.http.post('/api/account/email').set(user.auth).send(body);
  const confirm = (token: string) =>
    backend.http.post('/api/account/email/confirm').send({ token });
  const tokenMailedTo = async (email: string) => {
    const mail = await made.smtp.waitForMail(email, /Confirm your new email address/);
    return linkIn(mail, `${PUBLIC_URL}/confirm-email-change?token=`).searchParams.get('token')!;
  };
  const me = async (user: SignedInUser) =>
    (await backend.http.get('/api/users/me').set(user.auth).expect(200)).body as User;

  test('the link mailed to the new address changes it once; both addresses are told', async () => {
    const user = await registerUser(backend);
    const newEmail = uniqueEmail('moved');
    const accepted = await requestChange(user, {
      password: user.password,
      newEmail: newEmail.toUpperCase(),
    }).expect(202);
    expect(accepted.body).toEqual(EMAIL_CHANGE_ACCEPTED);

    const token = await tokenMailedTo(newEmail);
    const warning = await made.smtp.waitForMail(user.email, /about to change/);
    expect(warning.text).toContain(newEmail);
    expect(await me(user)).toMatchObject({ email: user.email });

    await confirm(token).expect(204);
    expect(await me(user)).toMatchObject({ email: newEmail, emailVerified: true });
    const notice = await made.smtp.waitForMail(user.email, /was changed/);
    expect(notice.text).toContain(newEmail);
    await backend.http
      .post('/api/auth/login')
      .send({ email: newEmail, password: user.password })
      .expect(200);
    await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
    const again = await confirm(token).expect(400);
    expect(again.body.errors).toEqual([expect.objectContaining({ path: 'token' })]);

    await flushAuditLog(backend);
    const events = await queryRows<{ event: string; metadata: Record<string, unknown> }>(
      backend.database.db,
      sql`select event, metadata from logs where user_id = ${user.userId}
          and event like 'auth.email_change%' order by id`,
    );
    expect(events).toEqual([
      { event: 'auth.email_change.requested', metadata: { newEmail } },
      { event: 'auth.email_changed', metadata: { from: user.email, to: newEmail } },
    ]);
  });

  test('the password is required, and the new address must be new and nobody else’s', async () => {
    const user = await registerUser(backend);
    const other = await registerUser(backend);
    const wrong = await requestChange(user, {
      password: 'not the password',
      newEmail: uniqueEmail(),
    }).expect(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
    const same = await requestChange(user, {
      password: user.password,
      newEmail: user.email,
    }).expect(400);
    expect(same.body.errors).toEqual([expect.objectContaining({ path: 'newEmail' })]);
    const taken = await requestChange(user, {
      password: user.password,
      newEmail: other.email,
    }).expect(409);
    expect(taken.body.detail).toMatch(/Another account uses this email address/);
    await backend.http
      .post('/api/account/email')
      .send({ password: user.password, newEmail: uniqueEmail() })
      .expect(401);
  });

  test('an address someone registers before the link is followed is refused then', async () => {
    const user = await registerUser(backend);
    const newEmail = uniqueEmail('contested');
    await requestChange(user, { password: user.password, newEmail }).expect(202);
    const token = await tokenMailedTo(newEmail);
    await registerUser(backend, { email: newEmail });

    const refused = await confirm(token).expect(409);
    expect(refused.body.detail).toMatch(/Another account uses this email address/);
    expect(await me(user)).toMatchObject({ email: user.email });
  });
});
