// Security events survive a crash: a burst of sign-ins, failed sign-ins, profile and password
// changes, session revocations, refresh-token reuse and admin changes against a real backend
// process, then kill -9 the moment the last answer arrives. Every change the API acknowledged must
// have its audit row, because the row is written in the same transaction as the change (or, for a
// failed sign-in, before the answer is sent).
import { sql } from 'drizzle-orm';
import { freePort } from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import { startBackendProcess, type BackendProcess } from '../test-support/backend-process.js';
import { createProcessDatabase, type ProcessDatabase } from '../test-support/process-database.js';

const USERS = 8;
const ADMIN = { email: 'ops@example.test', password: 'ops passphrase 123' };
const PASSWORD = 'burst passphrase 1';
const NEW_PASSWORD = 'burst passphrase 2';

let database: ProcessDatabase;
let running: BackendProcess | undefined;

beforeAll(async () => {
  database = await createProcessDatabase('gv-audit-crash');
});
afterAll(async () => {
  running?.child.kill('SIGKILL');
  await database.remove();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
  cookie: string | undefined;
}

interface Call {
  method?: string;
  token?: string;
  body?: unknown;
  cookie?: string;
  requestId: string;
}

async function call(base: string, path: string, options: Call): Promise<Answer> {
  const headers: Record<string, string> = { 'x-request-id': options.requestId };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) {
    headers.cookie = options.cookie;
    headers.origin = base;
  }
  const response = await fetch(`${base}/api${path}`, {
    method: options.method ?? 'POST',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const cookie = response.headers
    .getSetCookie()
    .find((value) => value.startsWith('gv_refresh='))
    ?.split(';')[0];
  return { status: response.status, body: text ? JSON.parse(text) : {}, cookie };
}

/** A change the API acknowledged, and the audit event that must describe it. */
interface Acknowledged {
  requestId: string;
  event: string;
}

describe('audit rows of security events after kill -9', () => {
  it('every acknowledged security change has its row', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    running = await startBackendProcess(
      port,
      {
        ...database.env,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        JWT_SECRET: 'audit-crash-test-secret-at-least-32-bytes',
        RATE_LIMIT_ENABLED: 'false',
      },
      90_000,
    );
    const admin = await call(base, '/auth/login', { body: ADMIN, requestId: 'setup-admin' });
    expect(admin.status).toBe(200);
    const adminToken = admin.body.accessToken as string;

    const acknowledged: Acknowledged[] = [];
    /** Sends the request and, when it gets the expected status, expects `event` in the table. */
    const expectEvent = async (
      event: string,
      expectedStatus: number,
      path: string,
      options: Call,
    ): Promise<Answer> => {
      const answer = await call(base, path, options);
      expect(answer.status, `${options.requestId}: ${JSON.stringify(answer.body)}`).toBe(
        expectedStatus,
      );
      acknowledged.push({ requestId: options.requestId, event });
      return answer;
    };

    // Every user goes through the same steps, each step taken by all users at once, so that many
    // changes are acknowledged in the last moments before the kill.
    const users = Array.from({ length: USERS }, (_, index) => ({
      index,
      email: `burst.${index}.${port}@example.test`,
      token: '',
      userId: '',
      cookie: '',
      secondSessionId: '',
    }));
    const id = (index: number, step: string) => `burst-${index}-${step}`;
    const everyone = (step: (user: (typeof users)[number]) => Promise<unknown>) =>
      Promise.all(users.map(step));

    await everyone(async (user) => {
      const registered = await expectEvent('auth.register', 201, '/auth/register', {
        body: { email: user.email, password: PASSWORD, name: `Burst ${user.index}` },
        requestId: id(user.index, 'register'),
      });
      user.token = registered.body.accessToken as string;
      user.userId = (registered.body.user as { id: string }).id;
      user.cookie = registered.cookie!;
    });
    await everyone(async (user) => {
      const second = await expectEvent('auth.login.succeeded', 200, '/auth/login', {
        body: { email: user.email, password: PASSWORD },
        requestId: id(user.index, 'login'),
      });
      user.secondSessionId = second.body.sessionId as string;
    });
    await everyone((user) =>
      expectEvent('auth.login.failed', 401, '/auth/login', {
        body: { email: user.email, password: 'not the password' },
        requestId: id(user.index, 'login-failed'),
      }),
    );
    await everyone((user) =>
      expectEvent('user.profile.updated', 200, '/users/me', {
        method: 'PATCH',
        token: user.token,
        body: { name: `Burst ${user.index} renamed` },
        requestId: id(user.index, 'profile'),
      }),
    );
    await everyone((user) =>
      expectEvent('session.revoked', 204, `/sessions/${user.secondSessionId}`, {
        method: 'DELETE',
        token: user.token,
        requestId: id(user.index, 'revoke'),
      }),
    );
    await everyone((user) =>
      expectEvent('auth.password.changed', 204, '/auth/password', {
        token: user.token,
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        requestId: id(user.index, 'password'),
      }),
    );
    // Rotate the refresh token, then present the old one again: reuse ends the session.
    await everyone(async (user) => {
      const rotated = await call(base, '/auth/refresh', {
        cookie: user.cookie,
        requestId: id(user.index, 'refresh'),
      });
      expect(rotated.status).toBe(200);
      await expectEvent('security.refresh_token_reuse', 401, '/auth/refresh', {
        cookie: user.cookie,
        requestId: id(user.index, 'reuse'),
      });
    });
    await everyone((user) =>
      expectEvent('admin.user.updated', 200, `/users/${user.userId}`, {
        method: 'PATCH',
        token: adminToken,
        body: { name: `Renamed ${user.index}` },
        requestId: id(user.index, 'rename'),
      }),
    );
    await everyone((user) =>
      expectEvent('admin.user.updated', 200, `/users/${user.userId}`, {
        method: 'PATCH',
        token: adminToken,
        body: { status: 'disabled' },
        requestId: id(user.index, 'disable'),
      }),
    );
    await everyone((user) =>
      expectEvent('admin.user.deleted', 204, `/users/${user.userId}`, {
        method: 'DELETE',
        token: adminToken,
        requestId: id(user.index, 'delete'),
      }),
    );
    running.child.kill('SIGKILL');
    await running.exited;
    running = undefined;

    const db = await database.open();
    try {
      const rows = await queryRows<{ request_id: string; event: string }>(
        db.db,
        sql`select request_id, event from logs where request_id like 'burst-%'`,
      );
      const written = new Set(rows.map((row) => `${row.request_id} ${row.event}`));
      const missing = acknowledged
        .map(({ requestId, event }) => `${requestId} ${event}`)
        .filter((key) => !written.has(key));
      expect(missing, `${missing.length} of ${acknowledged.length} have no row`).toEqual([]);
      expect(acknowledged).toHaveLength(USERS * 10);
    } finally {
      await db.close();
    }
  }, 240_000);
});
