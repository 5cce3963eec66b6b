// The one way the application records an audit or security event: it goes to stdout (winston),
// to the logs table and, for auth and security events, to the auth_events_total counter.
//
// How the row reaches the table depends on what the event is (docs/decisions/101):
// - recordIn(tx, ...): security changes (role change, delete, password change, sign-in, session
//   revocation, token reuse). The row is written in the transaction of the change, so an
//   acknowledged change always has its row, even if the process is killed a moment later.
// - recordNow(...): security events without a change to share a transaction with (a failed
//   sign-in): the row is written before the caller answers.
// - record(...): routine, high-volume events (token refresh): queued and written in batches.
import type { LogLevel } from '@gv/contract';
import type { NewLogRow } from '../../db/schema.js';
import type { Transaction } from '../../db/transactions.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { currentRequestContext } from '../../observability/current-request.js';
import { redact } from '../../observability/redact.js';
import type { LogWriter } from './log-writer.js';

export interface AuditEvent {
  /** Dotted name, e.g. `auth.login.failed`; the first part is the family. */
  event: string;
  message: string;
  level?: LogLevel;
  userId?: string | null;
  sessionId?: string | null;
  metadata?: Record<string, unknown>;
}

const COUNTED_FAMILIES = new Set(['auth', 'security', 'session']);

/** An audit event as the logs table stores it. */
export type AuditRow = NewLogRow & { level: LogLevel };

export class AuditLog {
  constructor(
    private readonly writer: LogWriter,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** Queues the event for the next batch: for routine events only. */
  record(event: AuditEvent): void {
    const row = this.toRow(event);
    this.announce(row);
    this.writer.enqueue(row);
  }

  /**
   * Writes the event's row inside `tx`, so it commits or rolls back with the change it describes.
   * The stdout line and the counter follow the commit: a rolled-back change leaves no trace.
   */
  async recordIn(tx: Transaction, event: AuditEvent): Promise<void> {
    const row = this.toRow(event);
    await this.writer.writeNow(row, tx.db);
    tx.afterCommit(() => this.announce(row));
  }

  /** Writes the event's row before returning, for security events that change nothing. */
  async recordNow(event: AuditEvent): Promise<void> {
    const row = this.toRow(event);
    try {
      await this.writer.writeNow(row);
    } catch (error) {
      if (!isForeignKeyViolation(error) || !row.userId) throw error;
      // The user was deleted meanwhile: keep the event, move the id into the metadata.
      await this.writer.writeNow({
        ...row,
        userId: null,
        metadata: { ...row.metadata, deletedUserId: row.userId },
      });
    }
    this.announce(row);
  }

  /**
   * For a statement that writes the event's row itself, together with the change it describes
   * (SessionsRepository.openForSignIn): the row to insert. Once that statement has committed,
   * `announceWritten` gives the row, as written, its stdout line and counter.
   */
  rowToWrite(event: AuditEvent): AuditRow {
    return this.toRow(event);
  }

  announceWritten(row: AuditRow): void {
    // Written by the caller's statement, not by the writer: counted here so that the series
    // still counts every audit row.
    this.metrics.logWriterWrittenTotal.inc();
    this.announce(row);
  }

  private toRow(event: AuditEvent): AuditRow {
    const context = currentRequestContext();
    const userId = event.userId === undefined ? (context?.userId ?? null) : event.userId;
    const sessionId =
      event.sessionId === undefined ? (context?.sessionId ?? null) : event.sessionId;
    return {
      ts: new Date(),
      level: event.level ?? 'info',
      event: event.event,
      message: event.message,
      userId,
      sessionId,
      requestId: context?.requestId ?? null,
      ip: context?.ip ?? null,
      userAgent: context?.userAgent?.slice(0, 512) ?? null,
      metadata: (redact(event.metadata ?? {}) as Record<string, unknown>) ?? {},
    };
  }

  /** The stdout line and, for auth and security events, the counter. */
  private announce(row: AuditRow): void {
    this.logger.log(row.level, row.message, {
      event: row.event,
      userId: row.userId,
      sessionId: row.sessionId,
      ...row.metadata,
    });
    if (COUNTED_FAMILIES.has(row.event.split('.')[0] ?? '')) {
      this.metrics.authEventsTotal.inc({ event: row.event });
    }
  }
}

const FOREIGN_KEY_VIOLATION = '23503';

function isForeignKeyViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if ((current as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
