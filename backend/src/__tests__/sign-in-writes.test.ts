// A sign-in writes three rows in one statement (docs/decisions/225): the user's last sign-in time,
// the session, and the audit row naming that session. These tests hold it to what the former
// transaction guaranteed: every row written on success, none when any of them fails, and an
// account deleted after its password was checked gets no session.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import {
  bothEngines,
  flushAuditLog,
  login,
  registerUser,
  useBackendWithUsers,
  type TestBackend,
} from '../test-support/test-backend.js';

interface AuditRow {
  event: string;
  session_id: string | null;
  request_id: string | null;
  user_agent: string | null;
}

async function auditRowsOf(backend: TestBackend, userId: string): Promise<AuditRow[]> {
  return queryRows<AuditRow>(
    backend.database.db,
    sql`select event, session_id, request_id, user_agent from logs
        where user_id = ${userId} order by id`,
  );
}

/** log_writer_written_total: every audit row the logs table received. */
async function auditRowsWritten(backend: TestBackend): Promise<number> {
  const metrics = (await backend.metricsHttp.get('/metrics').expect(200)).text;
  return Number(/^log_writer_written_total (\S+)$/m.exec(metrics)?.[1]);
}

async function sessionCountOf(backend: TestBackend, userId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    backend.database.db,
    sql`select count(*)::int as count from sessions where user_id = ${userId}`,
  );
  return row!.count;
}

async function lastLoginOf(backend: TestBackend, userId: string): Promise<Date | null> {
  const [row] = await queryRows<{ last_login_at: string | Date | null }>(
    backend.database.db,
    sql`select last_login_at from users where id = ${userId}`,
  );
  return row!.last_login_at === null ? null : new Date(row!.last_login_at);
}

describe.each(bothEngines())('the writes of a sign-in on %s', (driver, skipReason) => {
  const { backend } = useBackendWithUsers(
    { driver, env: { RATE_LIMIT_ENABLED: 'false' } },
    skipReason,
  );
  const test = it.skipIf(skipReason);

  test('a sign-in records the time, opens the session and audits it under the session', async () => {
    const user = await registerUser(backend);
    const before = await lastLoginOf(backend, user.userId);
    await flushAuditLog(backend);
    const writtenBefore = await auditRowsWritten(backend);

    const response = await backend.http
      .post('/api/auth/login')
      .set('User-Agent', 'Audit Browser/2.0')
      .set('X-Request-Id', 'sign-in-writes-0001')
      .send({ email: user.email, password: user.password })
      .expect(200);
    const sessionId = (response.body as { sessionId: string }).sessionId;

    // The new session answers, is listed with its browser, and the old one is still there.
    const signedIn = {
      Authorization: `Bearer ${(response.body as { accessToken: string }).accessToken}`,
    };
    const sessions = await backend.http.get('/api/sessions').set(signedIn).expect(200);
    const listed = (sessions.body as { data: Array<{ id: string; userAgent: string }> }).data;
    expect(listed.map((session) => session.id).sort()).toEqual([user.sessionId, sessionId].sort());
    expect(listed.find((session) => session.id === sessionId)?.userAgent).toBe('Audit Browser/2.0');

    const after = await lastLoginOf(backend, user.userId);
    expect(after).not.toBeNull();
    expect(after!.getTime()).toBeGreaterThan(before?.getTime() ?? 0);

    const rows = await auditRowsOf(backend, user.userId);
    expect(rows).toContainEqual({
      event: 'auth.login.succeeded',
      session_id: sessionId,
      request_id: 'sign-in-writes-0001',
      user_agent: 'Audit Browser/2.0',
    });
    // The sign-up's row names the first session too.
    expect(rows.find((row) => row.event === 'auth.register')?.session_id).toBe(user.sessionId);
    // The row is counted with the others the logs table received.
    expect(await auditRowsWritten(backend)).toBe(writtenBefore + 1);
    // The stdout line follows the committed row, with the same session.
    expect(backend.logLines).toContainEqual(
      expect.objectContaining({ event: 'auth.login.succeeded', sessionId, userId: user.userId }),
    );
  });

  test('when the audit row cannot be written, no session is opened and no time recorded', async () => {
    const user = await registerUser(backend);
    await login(backend, user.email, user.password);
    const sessionsBefore = await sessionCountOf(backend, user.userId);
    const lastLoginBefore = await lastLoginOf(backend, user.userId);
    const auditBefore = await auditRowsOf(backend, user.userId);

    // An address PostgreSQL refuses to store fails the audit insert, the statement's last write.
    const opening = backend.repositories.sessions.openForSignIn(
      {
        userId: user.userId,
        refreshTokenHash: randomUUID(),
        userAgent: null,
        ip: null,
        expiresAt: new Date(Date.now() + 60_000),
      },
      {
        level: 'info',
        event: 'auth.login.succeeded',
        message: 'Signed in',
        userId: user.userId,
        ip: 'not an address',
      },
    );
    await expect(opening).rejects.toThrow();

    expect(await sessionCountOf(backend, user.userId)).toBe(sessionsBefore);
    expect(await lastLoginOf(backend, user.userId)).toEqual(lastLoginBefore);
    expect(await auditRowsOf(backend, user.userId)).toEqual(auditBefore);
  });

  test('an account deleted after its password was checked gets no session and no audit row', async () => {
    const gone = randomUUID();
    const opened = await backend.repositories.sessions.openForSignIn(
      {
        userId: gone,
        refreshTokenHash: randomUUID(),
        userAgent: null,
        ip: '127.0.0.1',
        expiresAt: new Date(Date.now() + 60_000),
      },
      { level: 'info', event: 'auth.login.succeeded', message: 'Signed in', userId: null },
    );
    expect(opened).toBeUndefined();
    const [orphans] = await queryRows<{ count: number }>(
      backend.database.db,
      sql`select count(*)::int as count from sessions where user_id = ${gone}`,
    );
    expect(orphans!.count).toBe(0);
  });
});
