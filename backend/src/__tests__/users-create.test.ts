import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flushAuditLog, registerUser, useBackendWithAdmin } from '../test-support/test-backend.js';

const { backend, admin } = useBackendWithAdmin();

describe('an admin adds a user', () => {
  it('creates the account with a generated password shown once, which signs in, and audits it', async () => {
    const email = `added-${randomUUID()}@example.com`;
    const created = await backend.http
      .post('/api/users')
      .set(admin.auth)
      .send({ email, name: 'Added Person', role: 'user' })
      .expect(201);
    const { user, password } = created.body as {
      user: { id: string; email: string; role: string; lastLoginAt: string | null };
      password: string;
    };
    expect(user).toMatchObject({ email, role: 'user', lastLoginAt: null });
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    await backend.http.post('/api/auth/login').send({ email, password }).expect(200);

    const again = await backend.http.get(`/api/users/${user.id}`).set(admin.auth).expect(200);
    expect(again.body).not.toHaveProperty('password');

    await flushAuditLog(backend);
    const audit = await backend.http
      .get('/api/logs')
      .query({ event: 'admin.user.created', userId: admin.userId })
      .set(admin.auth)
      .expect(200);
    const entry = (
      audit.body.data as Array<{ message: string; metadata: Record<string, unknown> }>
    ).find((row) => row.metadata.targetUserId === user.id);
    expect(entry).toMatchObject({ message: `User ${email} created`, metadata: { role: 'user' } });
    // The password appears nowhere but in that one response.
    expect(JSON.stringify(audit.body)).not.toContain(password);
    expect(JSON.stringify(backend.logLines)).not.toContain(password);
  });

  it('gives each account its own password', async () => {
    const passwords = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await backend.http
        .post('/api/users')
        .set(admin.auth)
        .send({ email: `added-${randomUUID()}@example.com`, name: 'Another' })
        .expect(201);
      expect(response.body.user.role).toBe('user');
      passwords.add(response.body.password);
    }
    expect(passwords.size).toBe(3);
  });

  it('refuses a taken email, bad fields and non-admins', async () => {
    const existing = await registerUser(backend);
    await backend.http
      .post('/api/users')
      .set(admin.auth)
      .send({ email: existing.email.toUpperCase(), name: 'Dup' })
      .expect(409);
    const invalid = await backend.http
      .post('/api/users')
      .set(admin.auth)
      .send({ email: 'not-an-email', name: '', password: 'chosen' })
      .expect(400);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(
      (invalid.body.errors as Array<{ path: string }>).map((error) => error.path).sort(),
    ).toEqual(expect.arrayContaining(['email', 'name']));
    await backend.http
      .post('/api/users')
      .set(existing.auth)
      .send({ email: `x-${randomUUID()}@example.com`, name: 'X' })
      .expect(403);
  });
});
