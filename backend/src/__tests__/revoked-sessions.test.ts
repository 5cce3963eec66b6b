// Revocations of a deleted user's sessions are kept apart from the session rows (which the delete
// removes) for as long as an access token of those sessions can be valid, and no longer.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import { RevocationSet } from '../modules/sessions/revocation.js';
import { createAdmin, login, registerUser, useTestBackend } from '../test-support/test-backend.js';

const backend = useTestBackend();

async function keptRevocations(): Promise<string[]> {
  const rows = await queryRows<{ session_id: string }>(
    backend.database.db,
    sql`select session_id from revoked_sessions order by session_id`,
  );
  return rows.map((row) => row.session_id);
}

describe('revocations of deleted users', () => {
  it('are kept when the user and their sessions are deleted, and purged once tokens expired', async () => {
    const admin = await createAdmin(backend);
    const user = await registerUser(backend);
    const second = await login(backend, user.email, user.password);
    await backend.http.delete(`/api/users/${user.userId}`).set(admin.auth).expect(204);

    const sessionsLeft = await queryRows<{ n: number }>(
      backend.database.db,
      sql`select count(*)::int as n from sessions where user_id = ${user.userId}`,
    );
    expect(sessionsLeft[0]).toEqual({ n: 0 });
    expect(await keptRevocations()).toEqual(
      expect.arrayContaining([user.sessionId, second.sessionId]),
    );

    // One revocation from before the access-token lifetime (plus the skew margin) began.
    const expired = '00000000-0000-4000-8000-000000000001';
    const longAgo = new Date(backend.revocations.windowStart().getTime() - 60_000);
    await backend.database.db.execute(
      sql`insert into revoked_sessions (session_id, revoked_at) values (${expired}, ${longAgo})`,
    );
    await backend.repositories.sessions.purgeRevocationsBefore(backend.revocations.windowStart());
    const kept = await keptRevocations();
    expect(kept).not.toContain(expired);
    expect(kept).toEqual(expect.arrayContaining([user.sessionId, second.sessionId]));
  });

  it('are purged by every instance at start and then periodically', async () => {
    const cutoffs: number[] = [];
    const revocations = new RevocationSet(
      {
        revokedSince: async () => [],
        purgeRevocationsBefore: async (before) => {
          cutoffs.push(before.getTime());
          return 0;
        },
      },
      backend.logger,
      { retentionMs: 120_000, syncIntervalMs: 10, purgeIntervalMs: 50, channel: 'unused' },
    );
    const startedAt = Date.now();
    await revocations.start();
    try {
      expect(cutoffs).toHaveLength(1);
      expect(Math.abs(cutoffs[0]! - (startedAt - 120_000))).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(cutoffs.length).toBeGreaterThanOrEqual(3);
      // Not at every sync (every 10 ms here): once per purge interval.
      expect(cutoffs.length).toBeLessThan(15);
    } finally {
      revocations.stop();
    }
  });
});
