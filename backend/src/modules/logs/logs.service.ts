// Reading the audit log: admins page through every event, each user through their own.
import type { LogEntry, LogPage, LogsQuery, MyLogsQuery } from '@gv/contract';
import type { LogRow } from '../../db/schema.js';
import type { LogsRepository } from './logs.repository.js';

export function toLogEntry(row: LogRow): LogEntry {
  return {
    id: row.id.toString(),
    ts: row.ts.toISOString(),
    level: row.level as LogEntry['level'],
    event: row.event,
    message: row.message,
    userId: row.userId,
    sessionId: row.sessionId,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
    metadata: row.metadata ?? {},
  };
}

export class LogsService {
  constructor(private readonly repository: LogsRepository) {}

  async page(query: LogsQuery): Promise<LogPage> {
    const { rows, nextCursor } = await this.repository.page(query);
    return { data: rows.map(toLogEntry), nextCursor };
  }

  /** Only the user's own events, whatever the query asks. */
  pageOwn(userId: string, query: MyLogsQuery): Promise<LogPage> {
    return this.page({ ...query, userId });
  }
}
