// A deleted account's access tokens stay refused after the backend restarts. The process that
// deleted the user knows the revocations in memory; a restarted one rebuilds that knowledge from
// the database, so the revocations must outlive the user's rows until the tokens have expired.
import { freePort } from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackendProcess, type BackendProcess } from '../test-support/backend-process.js';
import { createProcessDatabase, type ProcessDatabase } from '../test-support/process-database.js';

const ADMIN = { email: 'ops@example.test', password: 'ops passphrase 123' };
const PASSWORD = 'doomed passphrase 1';

let database: ProcessDatabase;
let running: BackendProcess | undefined;

beforeAll(async () => {
  database = await createProcessDatabase('gv-deleted-tokens');
});
afterAll(async () => {
  running?.child.kill('SIGKILL');
  await database.remove();
});

async function start(port: number): Promise<BackendProcess> {
  return startBackendProcess(
    port,
    {
      ...database.env,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'deleted-tokens-test-secret-at-least-32-bytes',
      RATE_LIMIT_ENABLED: 'false',
    },
    90_000,
  );
}

async function post(base: string, path: string, body: unknown, token?: string) {
  return fetch(`${base}/api${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function signUp(base: string, label: string): Promise<{ token: string; userId: string }> {
  const response = await post(base, '/auth/register', {
    email: `${label}.${Date.now()}@example.test`,
    password: PASSWORD,
    name: label,
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, userId: body.user.id };
}

async function statusWith(base: string, token: string, path: string): Promise<number> {
  const response = await fetch(`${base}/api${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.body?.cancel();
  return response.status;
}

describe('access tokens of deleted accounts', () => {
  it('are still refused with 401 after a restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    running = await start(port);

    const adminLogin = await post(base, '/auth/login', ADMIN);
    const adminToken = ((await adminLogin.json()) as { accessToken: string }).accessToken;
    const deletedByAdmin = await signUp(base, 'deleted-by-admin');
    const deletedBySelf = await signUp(base, 'deleted-by-self');
    const survivor = await signUp(base, 'survivor');

    const byAdmin = await fetch(`${base}/api/users/${deletedByAdmin.userId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(byAdmin.status).toBe(204);
    const bySelf = await fetch(`${base}/api/users/me`, {
      method: 'DELETE',
      headers: {
        authorization: `Bearer ${deletedBySelf.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(bySelf.status).toBe(204);
    for (const deleted of [deletedByAdmin, deletedBySelf]) {
      expect(await statusWith(base, deleted.token, '/users/me')).toBe(401);
    }

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    running = await start(port);

    for (const deleted of [deletedByAdmin, deletedBySelf]) {
      expect(await statusWith(base, deleted.token, '/users/me')).toBe(401);
      expect(await statusWith(base, deleted.token, '/sessions')).toBe(401);
      expect(await statusWith(base, deleted.token, '/logs/mine')).toBe(401);
    }
    // The restart did not simply forget every token.
    expect(await statusWith(base, survivor.token, '/users/me')).toBe(200);
  }, 240_000);
});
