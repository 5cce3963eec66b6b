import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/database.js';
import { describe, expect, it } from 'vitest';
import { login, registerUser, useBackendWithAdmin } from '../test-support/test-backend.js';

const { backend, admin } = useBackendWithAdmin();

async function listedIds(query: Record<string, string | number>): Promise<string[]> {
  const response = await backend.http.get('/api/users').query(query).set(admin.auth).expect(200);
  return (response.body.data as Array<{ id: string }>).map((user) => user.id);
}

describe('users list order', () => {
  it('sorts by name either way, case-insensitively, with ties in id order across pages', async () => {
    const tag = `sort${randomUUID().slice(0, 8)}`;
    const bob = await registerUser(backend, { name: `${tag} bob` });
    const twins = [
      await registerUser(backend, { name: `${tag} Twin` }),
      await registerUser(backend, { name: `${tag} Twin` }),
      await registerUser(backend, { name: `${tag} Twin` }),
    ]
      .map((user) => user.userId)
      .sort();
    const alice = await registerUser(backend, { name: `${tag} Alice` });

    expect(await listedIds({ q: tag, sort: 'name' })).toEqual([alice.userId, bob.userId, ...twins]);
    expect(await listedIds({ q: tag, sort: '-name' })).toEqual([
      ...[...twins].reverse(),
      bob.userId,
      alice.userId,
    ]);
    // Two pages of two: the tied rows split across them with none repeated or lost.
    const pages = [
      ...(await listedIds({ q: tag, sort: 'name', limit: 2, page: 2 })),
      ...(await listedIds({ q: tag, sort: 'name', limit: 2, page: 3 })),
    ];
    expect(pages).toEqual(twins);
  });

  it('puts users who never signed in last, whichever way last sign-in is sorted', async () => {
    const tag = `seen${randomUUID().slice(0, 8)}`;
    const never = await registerUser(backend, { name: `${tag} never` });
    const first = await registerUser(backend, { name: `${tag} first` });
    const second = await registerUser(backend, { name: `${tag} second` });
    // Registering signs in; an account an admin made, say, would never have.
    await queryRows(
      backend.database.db,
      sql`update users set last_login_at = null where id = ${never.userId}`,
    );
    // Only these two sign in again, in this order.
    await login(backend, first.email, first.password);
    await login(backend, second.email, second.password);

    expect(await listedIds({ q: tag, sort: 'lastLoginAt' })).toEqual([
      first.userId,
      second.userId,
      never.userId,
    ]);
    expect(await listedIds({ q: tag, sort: '-lastLoginAt' })).toEqual([
      second.userId,
      first.userId,
      never.userId,
    ]);
  });

  it('refuses a sort it does not know, naming the field', async () => {
    const response = await backend.http
      .get('/api/users')
      .query({ sort: 'passwordHash' })
      .set(admin.auth)
      .expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'sort' })]);
  });
});
