// SQL for the sessions table and the revocations that outlive it. Methods that take part in a
// caller's transaction take its handle as their last argument.
import { and, count, desc, eq, gt, gte, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import { queryRows, rowFromDriver, type Db } from '../../db/database.js';
import { revokedSessions, sessions, type NewLogRow, type SessionRow } from '../../db/schema.js';
import { timeQuery, type Metrics } from '../../observability/metrics.js';

export interface NewSession {
  userId: string;
  refreshTokenHash: string;
  userAgent: string | null;
  ip: string | null;
  expiresAt: Date;
}

/** An active session: not revoked, not past its absolute expiry. */
const isActive = () => and(isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`));

export class SessionsRepository {
  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
  ) {}

  /**
   * A sign-in's three writes as one statement: the user's last sign-in time, the new session, and
   * the audit row that names it. Data-modifying CTEs run in one snapshot and commit together, so
   * this is as atomic as BEGIN, three statements and COMMIT, in one round trip instead of five
   * (docs/decisions/225). The audit row's session id is the new session's.
   */
  openForSignIn(
    session: NewSession,
    audit: NewLogRow,
    db: Db = this.db,
  ): Promise<SessionRow | undefined> {
    return timeQuery(this.metrics, 'sessions.openForSignIn', async () => {
      const [row] = await queryRows<Record<string, unknown>>(
        db,
        sql`
          with signed_in as (
            update users set last_login_at = now() where id = ${session.userId} returning id
          ), opened as (
            insert into sessions (user_id, refresh_token_hash, user_agent, ip, expires_at)
            select id, ${session.refreshTokenHash}, ${session.userAgent}, ${session.ip}::inet,
              ${session.expiresAt.toISOString()}::timestamptz
            from signed_in
            returning *
          ), audited as (
            insert into logs (ts, level, event, message, user_id, session_id, request_id, ip,
              user_agent, metadata)
            select ${(audit.ts ?? new Date()).toISOString()}::timestamptz, ${audit.level},
              ${audit.event}, ${audit.message}, ${audit.userId ?? null}, opened.id,
              ${audit.requestId ?? null}, ${audit.ip ?? null}::inet, ${audit.userAgent ?? null},
              ${JSON.stringify(audit.metadata ?? {})}::jsonb
            from opened
          )
          select * from opened`,
      );
      // No row: the account was deleted after its password was checked.
      return row && rowFromDriver(sessions, row);
    });
  }

  findByTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
    return timeQuery(this.metrics, 'sessions.findByTokenHash', async () => {
      const [row] = await this.db
        .select()
        .from(sessions)
        .where(eq(sessions.refreshTokenHash, tokenHash))
        .limit(1);
      return row;
    });
  }

  findByPreviousTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
    return timeQuery(this.metrics, 'sessions.findByPreviousTokenHash', async () => {
      const [row] = await this.db
        .select()
        .from(sessions)
        .where(eq(sessions.previousTokenHash, tokenHash))
        .limit(1);
      return row;
    });
  }

  /**
   * Swaps the refresh token in one statement that matches on the old hash, so two requests
   * racing with the same token cannot both win: the loser sees no row and is treated as reuse.
   */
  rotate(oldHash: string, newHash: string, idleCutoff: Date): Promise<SessionRow | undefined> {
    return timeQuery(this.metrics, 'sessions.rotate', async () => {
      const [row] = await this.db
        .update(sessions)
        .set({ refreshTokenHash: newHash, previousTokenHash: oldHash, lastUsedAt: new Date() })
        .where(
          and(
            eq(sessions.refreshTokenHash, oldHash),
            isActive(),
            gte(sessions.lastUsedAt, idleCutoff),
          ),
        )
        .returning();
      return row;
    });
  }

  listActiveForUser(userId: string): Promise<SessionRow[]> {
    return timeQuery(this.metrics, 'sessions.listActiveForUser', () =>
      this.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), isActive()))
        .orderBy(desc(sessions.lastUsedAt))
        .limit(100),
    );
  }

  /** Revokes one session of a user; returns whether an active one was found. */
  revoke(userId: string, sessionId: string, reason: string, db: Db = this.db): Promise<boolean> {
    return timeQuery(this.metrics, 'sessions.revoke', async () => {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: new Date(), revokedReason: reason })
        .where(
          and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)),
        )
        .returning({ id: sessions.id });
      return rows.length > 0;
    });
  }

  /** Revokes every active session of a user except `keepSessionId`; returns the revoked ids. */
  revokeAllForUser(
    userId: string,
    reason: string,
    keepSessionId?: string,
    db: Db = this.db,
  ): Promise<string[]> {
    return timeQuery(this.metrics, 'sessions.revokeAllForUser', async () => {
      const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
      if (keepSessionId) conditions.push(ne(sessions.id, keepSessionId));
      const rows = await db
        .update(sessions)
        .set({ revokedAt: new Date(), revokedReason: reason })
        .where(and(...conditions))
        .returning({ id: sessions.id });
      return rows.map((row) => row.id);
    });
  }

  /**
   * Copies the user's sessions revoked at or after `since` into revoked_sessions, so that their
   * revocations survive the cascade when the user row is deleted in the same transaction.
   */
  keepRevocationsOf(userId: string, since: Date, db: Db): Promise<void> {
    return timeQuery(this.metrics, 'sessions.keepRevocationsOf', async () => {
      await db
        .insert(revokedSessions)
        .select(
          db
            .select({ sessionId: sessions.id, revokedAt: sessions.revokedAt })
            .from(sessions)
            .where(
              and(
                eq(sessions.userId, userId),
                isNotNull(sessions.revokedAt),
                gte(sessions.revokedAt, since),
              ),
            ),
        )
        .onConflictDoNothing();
    });
  }

  /** Sessions revoked at or after `since`, including those whose user has been deleted. */
  revokedSince(since: Date): Promise<Array<{ id: string; revokedAt: Date }>> {
    return timeQuery(this.metrics, 'sessions.revokedSince', async () => {
      const [live, kept] = await Promise.all([
        this.db
          .select({ id: sessions.id, revokedAt: sessions.revokedAt })
          .from(sessions)
          .where(gte(sessions.revokedAt, since)),
        this.db
          .select({ id: revokedSessions.sessionId, revokedAt: revokedSessions.revokedAt })
          .from(revokedSessions)
          .where(gte(revokedSessions.revokedAt, since)),
      ]);
      return [...live, ...kept].map((row) => ({ id: row.id, revokedAt: row.revokedAt! }));
    });
  }

  /** Forgets kept revocations older than `before`: no access token of them is valid any more. */
  purgeRevocationsBefore(before: Date): Promise<number> {
    return timeQuery(this.metrics, 'sessions.purgeRevocationsBefore', async () => {
      const rows = await this.db
        .delete(revokedSessions)
        .where(lt(revokedSessions.revokedAt, before))
        .returning({ id: revokedSessions.sessionId });
      return rows.length;
    });
  }

  countActive(idleCutoff: Date): Promise<number> {
    return timeQuery(this.metrics, 'sessions.countActive', async () => {
      const [row] = await this.db
        .select({ value: count() })
        .from(sessions)
        .where(and(isActive(), gte(sessions.lastUsedAt, idleCutoff)));
      return Number(row?.value ?? 0);
    });
  }
}
