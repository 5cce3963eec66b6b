// The one way the application records an audit or security event: it goes to stdout (winston),
// to the logs table (through the batched LogWriter) and, for auth and security events, to the
// auth_events_total counter.
import type { LogLevel } from '@gv/contract';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { currentRequestContext } from '../../observability/request-context.js';
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

export class AuditLog {
  constructor(
    private readonly writer: LogWriter,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  record(event: AuditEvent): void {
    const context = currentRequestContext();
    const level = event.level ?? 'info';
    const metadata = (redact(event.metadata ?? {}) as Record<string, unknown>) ?? {};
    const userId = event.userId === undefined ? (context?.userId ?? null) : event.userId;
    const sessionId =
      event.sessionId === undefined ? (context?.sessionId ?? null) : event.sessionId;

    this.logger.log(level, event.message, { event: event.event, userId, sessionId, ...metadata });
    if (COUNTED_FAMILIES.has(event.event.split('.')[0] ?? '')) {
      this.metrics.authEventsTotal.inc({ event: event.event });
    }
    this.writer.enqueue({
      ts: new Date(),
      level,
      event: event.event,
      message: event.message,
      userId,
      sessionId,
      requestId: context?.requestId ?? null,
      ip: context?.ip ?? null,
      userAgent: context?.userAgent?.slice(0, 512) ?? null,
      metadata,
    });
  }
}
