// Session lifecycle: open with a refresh token, rotate it, detect replayed tokens, revoke.
import type { Session } from '@gv/contract';
import type { SessionRow } from '../../db/schema.js';
import { NotFound } from '../../http/errors.js';
import type { AuditLog } from '../logs/audit.js';
import { hashRefreshToken, newRefreshToken } from '../auth/tokens.js';
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

export class SessionsService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly revocations: RevocationSet,
    private readonly audit: AuditLog,
    private readonly policy: SessionPolicy,
  ) {}

  /** The cookie's lifetime: the idle timeout, never beyond the absolute expiry. */
  refreshCookieMaxAge(session: SessionRow): number {
    return Math.max(
      0,
      Math.min(this.policy.idleTimeoutMs, session.expiresAt.getTime() - Date.now()),
    );
  }

  async open(
    userId: string,
    client: ClientInfo,
  ): Promise<{ session: SessionRow; refreshToken: string }> {
    const refreshToken = newRefreshToken();
    const session = await this.repository.create({
      userId,
      refreshTokenHash: hashRefreshToken(refreshToken),
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ip: client.ip,
      expiresAt: new Date(Date.now() + this.policy.maxAgeMs),
    });
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
    if (superseded) {
      if (!superseded.revokedAt) {
        await this.revokeIds(superseded.userId, [superseded.id], 'refresh_token_reuse');
      }
      this.audit.record({
        event: 'security.refresh_token_reuse',
        level: 'warn',
        message: 'A superseded refresh token was presented; the session was revoked',
        userId: superseded.userId,
        sessionId: superseded.id,
      });
      return { kind: 'reused', session: superseded };
    }
    return { kind: 'invalid' };
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

  /** Revokes one of the user's sessions. Another user's session id is simply "not found". */
  async revokeOne(userId: string, sessionId: string, reason: string): Promise<void> {
    const revoked = await this.repository.revoke(userId, sessionId, reason);
    if (!revoked) throw new NotFound('No active session with this id.');
    await this.revocations.announce([sessionId]);
  }

  async revokeAll(userId: string, reason: string, keepSessionId?: string): Promise<number> {
    const ids = await this.repository.revokeAllForUser(userId, reason, keepSessionId);
    await this.revocations.announce(ids);
    return ids.length;
  }

  /** Logout: revoke the session if it is still open; unknown sessions are not an error. */
  async end(userId: string, sessionId: string, reason: string): Promise<boolean> {
    const revoked = await this.repository.revoke(userId, sessionId, reason);
    if (revoked) await this.revocations.announce([sessionId]);
    return revoked;
  }

  findByToken(presentedToken: string): Promise<SessionRow | undefined> {
    return this.repository.findByTokenHash(hashRefreshToken(presentedToken));
  }

  private async revokeIds(userId: string, ids: string[], reason: string): Promise<void> {
    for (const id of ids) await this.repository.revoke(userId, id, reason);
    await this.revocations.announce(ids);
  }
}
