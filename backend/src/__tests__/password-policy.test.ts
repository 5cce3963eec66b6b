// The password policy at registration and password change: a strength estimate (zxcvbn) with the
// person's email and name as personal words, on top of the length rules and the common list.
import { describe, expect, it } from 'vitest';
import { registerUser, uniqueEmail, useTestBackend } from '../test-support/test-backend.js';

const backend = useTestBackend({ env: { RATE_LIMIT_ENABLED: 'false' } });

const register = (email: string, password: string, name = 'Pat Example') =>
  backend.http.post('/api/auth/register').send({ email, password, name });

describe('password policy at registration', () => {
  it('refuses an easily guessed password with a field error that says why', async () => {
    const response = await register(uniqueEmail(), 'aaaaaaaa').expect(400);
    expect(response.body.errors).toEqual([
      { path: 'password', message: expect.stringMatching(/too easy to guess.*repeated/i) },
    ]);
  });

  it('refuses a password equal to or containing the email', async () => {
    const email = uniqueEmail('pat');
    const localPart = email.split('@')[0]!;
    for (const password of [email, `${email.toUpperCase()}!`, `call me ${localPart} today`]) {
      const response = await register(email, password).expect(400);
      expect(response.body.errors).toEqual([
        { path: 'password', message: 'Do not use your email address or name in your password' },
      ]);
    }
  });

  it('refuses a password containing the name', async () => {
    const response = await register(
      uniqueEmail(),
      'Zebulon Quartermain 1990',
      'Zebulon Quartermain',
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ path: 'password' });
  });

  it('still refuses the most common passwords by name', async () => {
    const response = await register(uniqueEmail(), 'password123').expect(400);
    expect(response.body.errors[0].message).toMatch(/too common/);
  });

  it('accepts a long passphrase of unrelated words', async () => {
    await register(uniqueEmail(), 'velvet harbour sings to copper owls').expect(201);
  });
});

describe('password policy at password change', () => {
  it('puts weak and personal new passwords on newPassword', async () => {
    const user = await registerUser(backend, { name: 'Morgan Keeling' });
    const change = (newPassword: string) =>
      backend.http
        .post('/api/auth/password')
        .set(user.auth)
        .send({ currentPassword: user.password, newPassword });

    const weak = await change('qwertyuiop').expect(400);
    expect(weak.body.errors).toEqual([
      { path: 'newPassword', message: expect.stringMatching(/too easy to guess|too common/) },
    ]);
    const personal = await change(`${user.email} forever`).expect(400);
    expect(personal.body.errors).toEqual([
      { path: 'newPassword', message: 'Do not use your email address or name in your password' },
    ]);
    const named = await change('morgan keeling rides again').expect(400);
    expect(named.body.errors[0].path).toBe('newPassword');

    await change('amber lantern drifts over granite').expect(204);
  });
});
