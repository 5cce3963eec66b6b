import { sql } from 'drizzle-orm';
import { queryRows } from '../db/database.js';
import { describe, expect, it } from 'vitest';
import {
  createAdmin,
  createTestBackend,
  flushAuditLog,
  login,
  registerUser,
  useBackendWithAdmin,
} from '../test-support/test-backend.js';

const { backend, admin } = useBackendWithAdmin();

describe('my profile', () => {
  it('reads and updates my name', async () => {
    const user = await registerUser(backend, { name: 'Before' });
    const me = await backend.http.get('/api/users/me').set(user.auth).expect(200);
    expect(me.body).toMatchObject({ id: user.userId, name: 'Before', role: 'user' });
    const updated = await backend.http
      .patch('/api/users/me')
      .set(user.auth)
      .send({ name: '  After  ' })
      .expect(200);
    expect(updated.body.name).toBe('After');
    await backend.http.patch('/api/users/me').set(user.auth).send({ role: 'admin' }).expect(400);
  });

  it('deletes my account with my password: sessions go, audit rows stay without the user', async () => {
    const user = await registerUser(backend);
    const other = await login(backend, user.email, user.password);
    await flushAuditLog(backend);

    await backend.http
      .delete('/api/users/me')
      .set(user.auth)
      .send({ password: 'wrong password' })
      .expect(400);
    await backend.http
      .delete('/api/users/me')
      .set(user.auth)
      .send({ password: user.password })
      .expect(204);

    await backend.http.get('/api/users/me').set(other.auth).expect(401);
    await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
    const sessions = await queryRows(
      backend.database.db,
      sql`select count(*)::int as n from sessions where user_id = ${user.userId}`,
    );
    expect(sessions[0]).toEqual({ n: 0 });
    await flushAuditLog(backend);
    const kept = await queryRows<{ event: string; user_id: string | null }>(
      backend.database.db,
      sql`select event, user_id from logs where session_id = ${other.sessionId}`,
    );
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((row) => row.user_id === null)).toBe(true);
  });
});

describe('user administration', () => {
  it('searches, filters and pages', async () => {
    const tag = `pager${Date.now()}`;
    for (let index = 0; index < 5; index++)
      await registerUser(backend, { name: `${tag} ${index}` });
    const first = await backend.http
      .get(`/api/users?q=${tag}&limit=2&page=1`)
      .set(admin.auth)
      .expect(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.pagination).toEqual({
      page: 1,
      limit: 2,
      total: 5,
      pages: 3,
      hasNext: true,
      hasPrev: false,
    });
    const last = await backend.http
      .get(`/api/users?q=${tag}&limit=2&page=3`)
      .set(admin.auth)
      .expect(200);
    expect(last.body.data).toHaveLength(1);
    expect(last.body.pagination).toMatchObject({ hasNext: false, hasPrev: true });
    const admins = await backend.http.get('/api/users?role=admin').set(admin.auth).expect(200);
    expect(admins.body.data.every((user: { role: string }) => user.role === 'admin')).toBe(true);
    await backend.http.get('/api/users?limit=101').set(admin.auth).expect(400);
    await backend.http.get('/api/users?role=root').set(admin.auth).expect(400);
    // LIKE wildcards in the search are literal.
    const wildcard = await backend.http.get('/api/users?q=%25').set(admin.auth).expect(200);
    expect(wildcard.body.pagination.total).toBe(0);
  });

  it('reads one user, 404 for an unknown id and 400 for a malformed one', async () => {
    const user = await registerUser(backend);
    const found = await backend.http.get(`/api/users/${user.userId}`).set(admin.auth).expect(200);
    expect(found.body.email).toBe(user.email);
    await backend.http
      .get('/api/users/00000000-0000-4000-8000-000000000000')
      .set(admin.auth)
      .expect(404);
    const malformed = await backend.http.get('/api/users/not-a-uuid').set(admin.auth).expect(400);
    expect(malformed.body.errors[0].path).toBe('id');
  });

  it('disabling a user ends their sessions at once and blocks sign-in', async () => {
    const user = await registerUser(backend);
    await backend.http
      .patch(`/api/users/${user.userId}`)
      .set(admin.auth)
      .send({ status: 'disabled' })
      .expect(200);
    await backend.http.get('/api/users/me').set(user.auth).expect(401);
    await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
    await backend.http
      .patch(`/api/users/${user.userId}`)
      .set(admin.auth)
      .send({ status: 'active' })
      .expect(200);
    await login(backend, user.email, user.password);
  });

  it('a role change takes effect on the next request', async () => {
    const user = await registerUser(backend);
    // Only accounts with a confirmed email can become admins (email-verification.test.ts).
    await backend.repositories.users.update(user.userId, { emailVerifiedAt: new Date() });
    await backend.http.get('/api/users').set(user.auth).expect(403);
    await backend.http
      .patch(`/api/users/${user.userId}`)
      .set(admin.auth)
      .send({ role: 'admin' })
      .expect(200);
    await backend.http.get('/api/users').set(user.auth).expect(200);
    await backend.http
      .patch(`/api/users/${user.userId}`)
      .set(admin.auth)
      .send({ role: 'user' })
      .expect(200);
    await backend.http.get('/api/users').set(user.auth).expect(403);
    await flushAuditLog(backend);
    const events = await backend.http
      .get(`/api/logs?event=admin.user.updated&userId=${admin.userId}`)
      .set(admin.auth)
      .expect(200);
    expect(events.body.data.length).toBeGreaterThanOrEqual(2);
  });

  it('deletes a user and refuses an empty change', async () => {
    const user = await registerUser(backend);
    await backend.http.patch(`/api/users/${user.userId}`).set(admin.auth).send({}).expect(400);
    await backend.http.delete(`/api/users/${user.userId}`).set(admin.auth).expect(204);
    await backend.http.get(`/api/users/${user.userId}`).set(admin.auth).expect(404);
    await backend.http.get('/api/users/me').set(user.auth).expect(401);
  });

  it("lists and ends a user's sessions", async () => {
    const user = await registerUser(backend);
    await login(backend, user.email, user.password);
    const listed = await backend.http
      .get(`/api/users/${user.userId}/sessions`)
      .set(admin.auth)
      .expect(200);
    expect(listed.body.data).toHaveLength(2);
    await backend.http.delete(`/api/users/${user.userId}/sessions`).set(admin.auth).expect(204);
    await backend.http.get('/api/users/me').set(user.auth).expect(401);
    const after = await backend.http
      .get(`/api/users/${user.userId}/sessions`)
      .set(admin.auth)
      .expect(200);
    expect(after.body.data).toHaveLength(0);
  });
});

describe('the last active admin', () => {
  it('cannot be demoted, disabled or deleted, by others or by themselves', async () => {
    const isolated = await createTestBackend();
    try {
      const onlyAdmin = await createAdmin(isolated);
      for (const change of [{ role: 'user' }, { status: 'disabled' }]) {
        const response = await isolated.http
          .patch(`/api/users/${onlyAdmin.userId}`)
          .set(onlyAdmin.auth)
          .send(change)
          .expect(409);
        expect(response.body.detail).toMatch(/at least one active admin/);
      }
      await isolated.http.delete(`/api/users/${onlyAdmin.userId}`).set(onlyAdmin.auth).expect(409);
      await isolated.http
        .delete('/api/users/me')
        .set(onlyAdmin.auth)
        .send({ password: onlyAdmin.password })
        .expect(409);

      // With a second admin, the first may step down.
      const second = await createAdmin(isolated);
      await isolated.http
        .patch(`/api/users/${onlyAdmin.userId}`)
        .set(second.auth)
        .send({ role: 'user' })
        .expect(200);
      await isolated.http
        .patch(`/api/users/${second.userId}`)
        .set(second.auth)
        .send({ role: 'user' })
        .expect(409);
    } finally {
      await isolated.dispose();
    }
  });
});
