// Reading the audit log: admins page through every event, each user through their own. Token
// refreshes are routine and would crowd out everything else, so neither feed shows them unless an
// admin asks (docs/decisions/187).
import {
  ROUTINE_EVENTS,
  type LogEntry,
  type LogPage,
  type LogsQuery,
  type MyLogsQuery,
} from '@gv/contract';
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

  /** Only the user's own events, whatever the query asks, and never the routine ones. */
  pageOwn(userId: string, query: MyLogsQuery): Promise<LogPage> {
    return this.read({ ...query, userId, excludeEvents: ROUTINE_EVENTS });
  }

  private async read(filter: Parameters<LogsRepository['page']>[0]): Promise<LogPage> {
    const { rows, nextCursor } = await this.repository.page(filter);
    return { data: rows.map(toLogEntry), nextCursor };
  }
}
