// What the audit feeds show: routine token refreshes kept out of the way, levels as "this and
// worse", events named by their user's name and email, and searches by user and message text.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@gv/contract';
import { queryRows } from '../db/database.js';
import {
  bothEngines,
  flushAuditLog,
  registerUser,
  useBackendWithUsers,
} from '../test-support/test-backend.js';

const ORIGIN = 'http://127.0.0.1';

describe.each(bothEngines())('audit feeds on %s', (driver, skipReason) => {
  const { backend, admin, user } = useBackendWithUsers(
    { driver, env: { RATE_LIMIT_ENABLED: 'false' } },
    skipReason,
  );
  const test = it.skipIf(skipReason);

  const adminLog = async (query: string): Promise<LogEntry[]> => {
    const response = await backend.http.get(`/api/logs?${query}`).set(admin.auth).expect(200);
    return (response.body as { data: LogEntry[] }).data;
  };

  const refreshOnce = async (refreshCookie: string) => {
    await backend.http
      .post('/api/auth/refresh')
      .set('Origin', ORIGIN)
      .set('Host', '127.0.0.1')
      .set('Cookie', refreshCookie)
      .expect(200);
    await flushAuditLog(backend);
  };

  /** Writes events straight into the table, so a test controls their levels and messages. */
  const insertEvents = async (events: Array<{ event: string; level: string; message: string }>) => {
    for (const { event, level, message } of events) {
      await queryRows(
        backend.database.db,
        sql`insert into logs (level, event, message) values (${level}, ${event}, ${message})`,
      );
    }
  };

  test('the personal feed never shows token refreshes', async () => {
    const someone = await registerUser(backend);
    await refreshOnce(someone.refreshCookie);
    const mine = await backend.http.get('/api/logs/mine').set(someone.auth).expect(200);
    const events = (mine.body as { data: LogEntry[] }).data.map((entry) => entry.event);
    expect(events).toContain('auth.register');
    expect(events).not.toContain('auth.refresh');
  });

  test('the admin log leaves refreshes out unless asked, or unless the filter names them', async () => {
    const someone = await registerUser(backend);
    await refreshOnce(someone.refreshCookie);
    const byDefault = await adminLog(`userId=${someone.userId}`);
    expect(byDefault.map((entry) => entry.event)).not.toContain('auth.refresh');
    const shown = await adminLog(`userId=${someone.userId}&refreshes=show`);
    expect(shown.map((entry) => entry.event)).toContain('auth.refresh');
    const named = await adminLog(`userId=${someone.userId}&event=auth.refresh`);
    expect(named.map((entry) => entry.event)).toEqual(['auth.refresh']);
  });

  test('a level filter shows that level and the ones above it', async () => {
    const family = `lvl${randomBytes(4).toString('hex')}`;
    await insertEvents(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => ({
        event: `${family}.${level}`,
        level,
        message: `A ${level} event`,
      })),
    );
    const levelsAt = async (level: string) =>
      (await adminLog(`event=${family}.*&level=${level}`)).map((entry) => entry.level).sort();
    expect(await levelsAt('warn')).toEqual(['error', 'warn']);
    expect(await levelsAt('info')).toEqual(['error', 'info', 'warn']);
    expect(await levelsAt('error')).toEqual(['error']);
  });

  test("names each event's user by name and email, and marks a deleted user's events", async () => {
    const named = await registerUser(backend, { name: 'Ada Actor' });
    const leaving = await registerUser(backend, { name: 'Leaving Soon' });
    await backend.http
      .delete('/api/users/me')
      .set(leaving.auth)
      .send({ password: leaving.password })
      .expect(204);
    await flushAuditLog(backend);

    const [register] = await adminLog(`userId=${named.userId}&event=auth.register`);
    expect(register).toMatchObject({
      userId: named.userId,
      actor: { name: 'Ada Actor', email: named.email },
      actorDeleted: false,
    });

    const deletion = (await adminLog('event=user.deleted')).find(
      (entry) => entry.metadata.deletedUserId === leaving.userId,
    );
    expect(deletion).toMatchObject({ userId: null, actor: null, actorDeleted: true });
  });

  test('filters by part of a user email or name, without matching other users', async () => {
    const tag = randomBytes(4).toString('hex');
    const found = await registerUser(backend, {
      email: `findme.${tag}@example.test`,
      name: `Grace ${tag}`,
    });
    await registerUser(backend, { name: 'Someone Else' });
    await flushAuditLog(backend);

    for (const text of [`findme.${tag}`, `FINDME.${tag.toUpperCase()}`, `grace ${tag}`]) {
      const entries = await adminLog(`user=${encodeURIComponent(text)}`);
      expect(entries.length).toBeGreaterThan(0);
      expect(new Set(entries.map((entry) => entry.userId))).toEqual(new Set([found.userId]));
    }
    // LIKE wildcards typed into the box match themselves, not everything.
    expect(await adminLog(`user=${encodeURIComponent('%')}`)).toEqual([]);
  });

  test('searches message text, case-insensitively and with wildcards taken literally', async () => {
    const tag = randomBytes(4).toString('hex');
    await insertEvents([
      { event: 'test.search', level: 'info', message: `Disk 100%_full on ${tag}` },
      { event: 'test.search', level: 'info', message: `Disk 1000 full on ${tag}` },
    ]);
    const matches = await adminLog(`q=${encodeURIComponent(`100%_FULL ON ${tag}`)}`);
    expect(matches.map((entry) => entry.message)).toEqual([`Disk 100%_full on ${tag}`]);
  });

  test('refuses search text that is too long or holds control characters, naming the field', async () => {
    for (const [query, field] of [
      [`q=${'a'.repeat(101)}`, 'q'],
      [`q=${encodeURIComponent('a\u0007b')}`, 'q'],
      [`user=${'a'.repeat(255)}`, 'user'],
      ['refreshes=maybe', 'refreshes'],
    ] as const) {
      const response = await backend.http.get(`/api/logs?${query}`).set(admin.auth).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(
        (response.body as { errors: Array<{ path: string }> }).errors.map((error) => error.path),
      ).toContain(field);
    }
  });

  test('a user cannot use the admin filters on their own feed', async () => {
    await backend.http.get('/api/logs/mine?q=x').set(user.auth).expect(400);
  });
});
