// Session lifecycle: open with a refresh token, rotate it, detect replayed tokens, sign out,
// revoke, count. Revocations commit with their audit rows; other instances hear of them once
// committed.
import type { Session } from '@gv/contract';
import type { SessionRow } from '../../db/schema.js';
import type { Transaction, Transactions } from '../../db/transactions.js';
import { NotFound } from '../../domain/errors.js';
import type { AuditEvent, AuditLog } from '../logs/audit.js';
import { hashRefreshToken, newRefreshToken } from './refresh-tokens.js';
import type { RevocationSet } from './revocation.js';
import type { SessionsRepository } from './sessions.repository.js';

export interface SessionPolicy {
  /** Absolute lifetime from sign-in (SESSION_MAX_AGE, 30 days). */
  maxAgeMs: number;
  /** Idle lifetime: a refresh token unused this long is dead (REFRESH_TOKEN_TTL, 7 days). */
  idleTimeoutMs: number;
}

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

export type RefreshOutcome =
  | { kind: 'rotated'; session: SessionRow; refreshToken: string }
  | { kind: 'reused'; session: SessionRow }
  | { kind: 'invalid' };

export function toSessionView(row: SessionRow, currentSessionId?: string): Session {
  return {
    id: row.id,
    userAgent: row.userAgent,
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    current: row.id === currentSessionId,
  };
}

/** Asked for on every metrics scrape and System page refresh, so counted at most this often. */
const ACTIVE_COUNT_MAX_AGE_MS = 5_000;

export class SessionsService {
  private activeCount: { at: number; value: Promise<number> } | undefined;

  constructor(
    private readonly repository: SessionsRepository,
    private readonly revocations: RevocationSet,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
    private readonly policy: SessionPolicy,
  ) {}

  /** The cookie's lifetime: the idle timeout, never beyond the absolute expiry. */
  refreshCookieMaxAge(session: SessionRow): number {
    return Math.max(
      0,
      Math.min(this.policy.idleTimeoutMs, session.expiresAt.getTime() - Date.now()),
    );
  }

  /**
   * Opens a session for a sign-in (or a sign-up) and writes `event` to the audit log with the new
   * session's id, in one statement; inside `tx` when the sign-in has more to commit with it (a
   * two-factor code spent, a new account). Undefined when the account was deleted meanwhile.
   */
  async openForSignIn(
    userId: string,
    client: ClientInfo,
    event: AuditEvent,
    tx?: Transaction,
  ): Promise<{ session: SessionRow; refreshToken: string } | undefined> {
    const refreshToken = newRefreshToken();
    const auditRow = this.audit.rowToWrite(event);
    const session = await this.repository.openForSignIn(
      {
        userId,
        refreshTokenHash: hashRefreshToken(refreshToken),
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        ip: client.ip,
        expiresAt: new Date(Date.now() + this.policy.maxAgeMs),
      },
      auditRow,
      tx?.db,
    );
    if (!session) return undefined;
    const announce = () => this.audit.announceWritten({ ...auditRow, sessionId: session.id });
    if (tx) tx.afterCommit(announce);
    else announce();
    return { session, refreshToken };
  }

  async refresh(presentedToken: string): Promise<RefreshOutcome> {
    const presentedHash = hashRefreshToken(presentedToken);
    const refreshToken = newRefreshToken();
    const idleCutoff = new Date(Date.now() - this.policy.idleTimeoutMs);
    const rotated = await this.repository.rotate(
      presentedHash,
      hashRefreshToken(refreshToken),
      idleCutoff,
    );
    if (rotated) return { kind: 'rotated', session: rotated, refreshToken };

    // Not current. If it is the token a rotation already replaced, someone is replaying it: the
    // legitimate holder and the thief now share the session, so end it for both.
    const superseded = await this.repository.findByPreviousTokenHash(presentedHash);
    if (!superseded) return { kind: 'invalid' };
    const reuse = {
      event: 'security.refresh_token_reuse',
      level: 'warn',
      message: 'A superseded refresh token was presented; the session was revoked',
      userId: superseded.userId,
      sessionId: superseded.id,
    } as const;
    if (superseded.revokedAt) {
      await this.audit.recordNow(reuse);
    } else {
      await this.transactions.run(async (tx) => {
        await this.revokeIn(tx, superseded.userId, superseded.id, 'refresh_token_reuse');
        await this.audit.recordIn(tx, reuse);
      });
    }
    return { kind: 'reused', session: superseded };
  }

  /**
   * Ends the session named by the refresh cookie or, failing that, by the access token. Signing
   * out of a session that has already ended is not an error and is not audited again.
   */
  async signOut(
    presentedToken: string | undefined,
    accessSession?: { userId: string; sessionId: string },
  ): Promise<void> {
    const session = presentedToken ? await this.findByToken(presentedToken) : undefined;
    const target = session ? { userId: session.userId, sessionId: session.id } : accessSession;
    if (!target) return;
    await this.transactions.run(async (tx) => {
      if (await this.revokeIn(tx, target.userId, target.sessionId, 'logout')) {
        await this.audit.recordIn(tx, {
          event: 'auth.logout',
          message: 'Signed out',
          userId: target.userId,
          sessionId: target.sessionId,
        });
      }
    });
  }

  /** Sessions in use: open, and used within the idle timeout. */
  countActive(): Promise<number> {
    const now = Date.now();
    if (!this.activeCount || now - this.activeCount.at >= ACTIVE_COUNT_MAX_AGE_MS) {
      const value = this.repository.countActive(new Date(now - this.policy.idleTimeoutMs));
      this.activeCount = { at: now, value };
      // A failed count is not kept: the next caller asks the database again.
      value.catch(() => {
        if (this.activeCount?.value === value) this.activeCount = undefined;
      });
    }
    return this.activeCount.value;
  }

  isRevoked(sessionId: string): boolean {
    return this.revocations.isRevoked(sessionId);
  }

  async listForUser(userId: string, currentSessionId?: string): Promise<Session[]> {
    const rows = await this.repository.listActiveForUser(userId);
    const idleCutoff = Date.now() - this.policy.idleTimeoutMs;
    return rows
      .filter((row) => row.lastUsedAt.getTime() >= idleCutoff)
      .map((row) => toSessionView(row, currentSessionId));
  }

  /** A user ends one of their sessions. Another user's session id is simply "not found". */
  async revokeOwn(userId: string, sessionId: string, currentSessionId: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.revokeIn(tx, userId, sessionId, 'user_revoked'))) {
        throw new NotFound('No active session with this id.');
      }
      await this.audit.recordIn(tx, {
        event: 'session.revoked',
        message: sessionId === currentSessionId ? 'Current session ended' : 'Session ended',
        metadata: { revokedSessionId: sessionId },
      });
    });
  }

  /** A user ends every session but the one they are using. */
  async revokeOwnOthers(userId: string, currentSessionId: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const ended = await this.revokeAll(userId, 'user_revoked_others', {
        keepSessionId: currentSessionId,
        tx,
      });
      await this.audit.recordIn(tx, {
        event: 'session.revoked_others',
        message: `Ended ${ended} other session(s)`,
        metadata: { sessionsEnded: ended },
      });
    });
  }

  /** An admin ends every session of a user, inside the caller's transaction. */
  async revokeAllByAdmin(actorId: string, userId: string, tx: Transaction): Promise<void> {
    const ended = await this.revokeAll(userId, 'admin_revoked', { tx });
    await this.audit.recordIn(tx, {
      event: 'admin.sessions.revoked',
      message: `Ended ${ended} session(s) of a user`,
      userId: actorId,
      metadata: { targetUserId: userId, sessionsEnded: ended },
    });
  }

  /** Revokes every open session of a user (but `keepSessionId`); returns how many. */
  revokeAll(
    userId: string,
    reason: string,
    options: { keepSessionId?: string; tx?: Transaction } = {},
  ): Promise<number> {
    return this.transactions.within(options.tx, async (tx) => {
      const ids = await this.repository.revokeAllForUser(
        userId,
        reason,
        options.keepSessionId,
        tx.db,
      );
      tx.afterCommit(() => this.revocations.announce(ids));
      return ids.length;
    });
  }

  /**
   * Before a user row is deleted (in the same transaction): revokes their sessions and keeps the
   * revocations that still matter, since deleting the user deletes the session rows with it.
   */
  async revokeAllBeforeUserDeletion(userId: string, tx: Transaction): Promise<void> {
    await this.revokeAll(userId, 'user_deleted', { tx });
    await this.repository.keepRevocationsOf(userId, this.revocations.windowStart(), tx.db);
  }

  /** Ends the session if it is still open; unknown sessions are not an error. */
  end(userId: string, sessionId: string, reason: string, tx?: Transaction): Promise<boolean> {
    return this.transactions.within(tx, (inner) => this.revokeIn(inner, userId, sessionId, reason));
  }

  private findByToken(presentedToken: string): Promise<SessionRow | undefined> {
    return this.repository.findByTokenHash(hashRefreshToken(presentedToken));
  }

  private async revokeIn(
    tx: Transaction,
    userId: string,
    sessionId: string,
    reason: string,
  ): Promise<boolean> {
    const revoked = await this.repository.revoke(userId, sessionId, reason, tx.db);
    if (revoked) tx.afterCommit(() => this.revocations.announce([sessionId]));
    return revoked;
  }
}
