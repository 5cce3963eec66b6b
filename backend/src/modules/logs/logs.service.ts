// Reading the audit log: admins page through every event, each user through their own. Token
// refreshes are routine and would crowd out everything else, so neither feed shows them unless an
// admin asks (docs/decisions/187).
import {
  CSV_EXPORT_MAX_ROWS,
  ROUTINE_EVENTS,
  type ExportLogsQuery,
  type LogEntry,
  type LogPage,
  type LogsQuery,
  type MyLogsQuery,
} from '@gv/contract';
import { toCsv } from '../../http/csv.js';
import type { LogRowWithActor, LogsRepository } from './logs.repository.js';

export function toLogEntry(row: LogRowWithActor): LogEntry {
  const actor =
    row.userId && row.actorEmail !== null
      ? { name: row.actorName ?? '', email: row.actorEmail }
      : null;
  return {
    id: row.id.toString(),
    ts: row.ts.toISOString(),
    level: row.level as LogEntry['level'],
    event: row.event,
    message: row.message,
    userId: row.userId,
    actor,
    actorDeleted: !row.userId && wasDeletedUsers(row),
    sessionId: row.sessionId,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
    metadata: row.metadata ?? {},
  };
}

/**
 * Deleting a user keeps their events with no user id (the foreign key sets it null). A session
 * always belongs to a user, and the deletion events name the deleted id: either tells the row
 * apart from events that never had a user, such as a failed sign-in for an unknown email.
 */
function wasDeletedUsers(row: LogRowWithActor): boolean {
  return row.sessionId !== null || typeof row.metadata?.deletedUserId === 'string';
}

export class LogsService {
  constructor(private readonly repository: LogsRepository) {}

  async page(query: LogsQuery): Promise<LogPage> {
    const { refreshes, ...filter } = query;
    return this.read({
      ...filter,
      excludeEvents: refreshes === 'show' ? [] : ROUTINE_EVENTS,
    });
  }

  /** The events the filter matches as CSV, newest first, at most CSV_EXPORT_MAX_ROWS of them. */
  async exportCsv(query: ExportLogsQuery): Promise<{ csv: string; truncated: boolean }> {
    const { refreshes, ...filter } = query;
    const { rows, nextCursor } = await this.repository.page({
      ...filter,
      limit: CSV_EXPORT_MAX_ROWS,
      excludeEvents: refreshes === 'show' ? [] : ROUTINE_EVENTS,
    });
    const csv = toCsv(
      [
        'id',
        'ts',
        'level',
        'event',
        'message',
        'userId',
        'userEmail',
        'ip',
        'userAgent',
        'requestId',
        'sessionId',
        'metadata',
      ],
      rows
        .map(toLogEntry)
        .map((entry) => [
          entry.id,
          entry.ts,
          entry.level,
          entry.event,
          entry.message,
          entry.userId,
          entry.actor?.email,
          entry.ip,
          entry.userAgent,
          entry.requestId,
          entry.sessionId,
          JSON.stringify(entry.metadata),
        ]),
    );
    // A next cursor means the repository found a row beyond the limit.
    return { csv, truncated: nextCursor !== null };
  }

  /** Only the user's own events, whatever the query asks, and never the routine ones. */
  pageOwn(userId: string, query: MyLogsQuery): Promise<LogPage> {
    return this.read({ ...query, userId, excludeEvents: ROUTINE_EVENTS });
  }

  private async read(filter: Parameters<LogsRepository['page']>[0]): Promise<LogPage> {
    const { rows, nextCursor } = await this.repository.page(filter);
    return { data: rows.map(toLogEntry), nextCursor };
  }
}
