// Email verification, end to end: sign-up mails a link that a real SMTP server receives, the link
// confirms the address once, a signed-in user can ask for a new one, and only confirmed
// accounts can become admins.
import { beforeAll, describe, expect, it } from 'vitest';
import { VERIFICATION_MAIL_ACCEPTED, type User } from '@gv/contract';
import {
  MAILED_LINKS_URL as PUBLIC_URL,
  useMailingBackend,
} from '../test-support/mailing-backend.js';
import { linkIn } from '../test-support/smtp-test-server.js';
import {
  bothEngines,
  createAdmin,
  flushAuditLog,
  registerUser,
  uniqueEmail,
  type SignedInUser,
} from '../test-support/test-backend.js';

const SUBJECT = /Confirm your email address/;

describe.each(bothEngines())('email verification on %s', (driver, skipReason) => {
  const made = useMailingBackend(driver, skipReason);
  let admin: SignedInUser | undefined;
  beforeAll(async () => {
    if (skipReason) return;
    admin = await createAdmin(made.backend);
  });
  const test = it.skipIf(skipReason);
  const ctx = () => ({ ...made, admin: admin! });

  const tokenFromMail = async (email: string) => {
    const mail = await ctx().smtp.waitForMail(email, SUBJECT);
    return linkIn(mail, `${PUBLIC_URL}/verify-email?token=`).searchParams.get('token')!;
  };
  const me = async (user: SignedInUser) =>
    (await ctx().backend.http.get('/api/users/me').set(user.auth).expect(200)).body as User;
  const verify = (token: string) =>
    ctx().backend.http.post('/api/auth/verify-email').send({ token });

  test('sign-up mails a link that confirms the address once', async () => {
    const { backend } = ctx();
    const user = await registerUser(backend);
    expect(await me(user)).toMatchObject({ emailVerified: false });

    const token = await tokenFromMail(user.email);
    await verify(token).expect(204);
    expect(await me(user)).toMatchObject({ emailVerified: true });

    const again = await verify(token).expect(400);
    expect(again.body.errors).toEqual([expect.objectContaining({ path: 'token' })]);
    await flushAuditLog(backend);
    const mine = await backend.http.get('/api/logs/mine').set(user.auth).expect(200);
    const events = (mine.body as { data: Array<{ event: string }> }).data.map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining(['auth.email_verification.sent', 'auth.email_verified']),
    );
  });

  test('a signed-in user asks for a new link; only the newest works; none once confirmed', async () => {
    const { backend, smtp } = ctx();
    const user = await registerUser(backend);
    const first = await tokenFromMail(user.email);
    await backend.background.idle();
    smtp.received.splice(0, smtp.received.length);

    const resent = await backend.http
      .post('/api/auth/verify-email/resend')
      .set(user.auth)
      .expect(202);
    expect(resent.body).toEqual(VERIFICATION_MAIL_ACCEPTED);
    const second = await tokenFromMail(user.email);

    await verify(first).expect(400);
    await verify(second).expect(204);
    const refused = await backend.http
      .post('/api/auth/verify-email/resend')
      .set(user.auth)
      .expect(409);
    expect(refused.body.detail).toMatch(/already confirmed/);
    await backend.http.post('/api/auth/verify-email/resend').expect(401);
  });

  test('an unconfirmed account cannot be made an admin until it confirms', async () => {
    const { backend, admin } = ctx();
    const user = await registerUser(backend);
    const promote = () =>
      backend.http.patch(`/api/users/${user.userId}`).set(admin.auth).send({ role: 'admin' });

    const refused = await promote().expect(409);
    expect(refused.body.detail).toMatch(/has not confirmed its email address/);
    await verify(await tokenFromMail(user.email)).expect(204);
    expect((await promote().expect(200)).body).toMatchObject({
      role: 'admin',
      emailVerified: true,
    });
  });

  test('accounts an admin adds start unconfirmed, get the mail, and cannot start as admins', async () => {
    const { backend, admin } = ctx();
    const email = uniqueEmail('added');
    const asAdmin = await backend.http
      .post('/api/users')
      .set(admin.auth)
      .send({ email, name: 'Added Admin', role: 'admin' })
      .expect(409);
    expect(asAdmin.body.detail).toMatch(/Create it as a user/);

    const created = await backend.http
      .post('/api/users')
      .set(admin.auth)
      .send({ email, name: 'Added Person', role: 'user' })
      .expect(201);
    expect(created.body.user).toMatchObject({ email, emailVerified: false });
    await verify(await tokenFromMail(email)).expect(204);
  });
});
