// Which sessions have been revoked, known to every backend instance without a database round trip
// per request. Each instance keeps an in-memory set; a revocation is published on Redis so the
// other instances add it at once. A periodic read of recently revoked sessions covers what pub/sub
// cannot: an instance that just started, or messages missed while Redis was unreachable.
// Revocations of deleted users' sessions are kept in their own table until the access tokens they
// concern have expired (docs/decisions/102); the periodic sync also purges the expired ones.
import type { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';

export interface RevocationSource {
  /** Sessions revoked at or after `since`. */
  revokedSince(since: Date): Promise<Array<{ id: string; revokedAt: Date }>>;
  /** Forgets kept revocations older than `before`. */
  purgeRevocationsBefore(before: Date): Promise<number>;
}

export interface RevocationOptions {
  /** How long an entry matters: after the access-token lifetime no token of the session is valid. */
  retentionMs: number;
  syncIntervalMs?: number;
  /** How often the kept revocations of deleted users are purged (default every minute). */
  purgeIntervalMs?: number;
  channel: string;
}

export class RevocationSet {
  private readonly revoked = new Map<string, number>();
  private syncTimer: NodeJS.Timeout | undefined;
  private lastSync = 0;
  private lastPurge = 0;

  constructor(
    private readonly source: RevocationSource,
    private readonly logger: Logger,
    private readonly options: RevocationOptions,
    private readonly redis?: { publisher: Redis; subscriber: Redis },
  ) {}

  async start(): Promise<void> {
    if (this.redis) {
      this.redis.subscriber.on('message', (channel: string, sessionId: string) => {
        if (channel === this.options.channel) this.remember(sessionId, Date.now());
      });
      // Not awaited: while Redis is unreachable the subscription waits in ioredis's offline queue
      // (and is renewed on every reconnect), and start-up must not wait with it.
      this.redis.subscriber.subscribe(this.options.channel).catch((error: unknown) => {
        this.logger.warn('revocation channel subscription failed; relying on periodic sync', {
          error,
        });
      });
    }
    await this.sync();
    this.syncTimer = setInterval(() => void this.sync(), this.options.syncIntervalMs ?? 5_000);
    this.syncTimer.unref();
  }

  stop(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
  }

  isRevoked(sessionId: string): boolean {
    return this.revoked.has(sessionId);
  }

  /** Revocations older than this no longer matter: every access token they concern has expired. */
  windowStart(): Date {
    return new Date(Date.now() - this.options.retentionMs);
  }

  /** Called after the database marked sessions revoked: tell this instance and the others. */
  async announce(sessionIds: string[]): Promise<void> {
    const now = Date.now();
    for (const id of sessionIds) this.remember(id, now);
    if (!this.redis) return;
    await Promise.all(
      sessionIds.map((id) =>
        this.redis!.publisher.publish(this.options.channel, id).catch((error: unknown) => {
          this.logger.warn(
            'revocation publish failed; other instances learn it at their next sync',
            {
              error,
            },
          );
        }),
      ),
    );
  }

  private remember(sessionId: string, revokedAtMs: number): void {
    this.revoked.set(sessionId, revokedAtMs);
  }

  private async sync(): Promise<void> {
    const now = Date.now();
    // Overlap the previous window a little so a revocation committed during the last read is kept.
    const since = this.lastSync === 0 ? now - this.options.retentionMs : this.lastSync - 2_000;
    try {
      const rows = await this.source.revokedSince(new Date(since));
      for (const row of rows) this.remember(row.id, row.revokedAt.getTime());
      this.lastSync = now;
    } catch (error) {
      this.logger.debug('revocation sync skipped: database unavailable', { error });
    }
    for (const [id, revokedAt] of this.revoked) {
      if (revokedAt < now - this.options.retentionMs) this.revoked.delete(id);
    }
    if (now - this.lastPurge >= (this.options.purgeIntervalMs ?? 60_000)) await this.purge(now);
  }

  private async purge(now: number): Promise<void> {
    try {
      await this.source.purgeRevocationsBefore(new Date(now - this.options.retentionMs));
      this.lastPurge = now;
    } catch (error) {
      this.logger.debug('revocation purge skipped: database unavailable', { error });
    }
  }
}
