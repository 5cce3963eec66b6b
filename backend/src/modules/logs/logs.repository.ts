// SQL for reading the logs table: newest first, keyset (cursor) pagination on (ts, id), so a page
// deep in a million rows costs the same as the first.
import {
  and,
  desc,
  eq,
  getTableColumns,
  gte,
  ilike,
  inArray,
  like,
  lte,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import {
  decodeLogCursor,
  INVALID_CURSOR_MESSAGE,
  levelsFrom,
  type LogCursor,
  type LogsQuery,
} from '@gv/contract';
import { queryRows, type Db } from '../../db/database.js';
import { logs, users, type LogRow } from '../../db/schema.js';
import { InvalidInput } from '../../domain/errors.js';
import { timeQuery, type Metrics } from '../../observability/metrics.js';

export function encodeCursor(row: Pick<LogRow, 'ts' | 'id'>): string {
  return Buffer.from(JSON.stringify({ ts: row.ts.toISOString(), id: row.id.toString() })).toString(
    'base64url',
  );
}

/**
 * The contract already refused a bad cursor at the boundary; this checks again because the
 * repository must never hand PostgreSQL a cast it could fail, whoever calls it. The instant is
 * re-written in UTC so PostgreSQL parses exactly what JavaScript checked.
 */
export function decodeCursor(cursor: string): LogCursor {
  const decoded = decodeLogCursor(cursor);
  if (!decoded) throw new InvalidInput([{ path: 'cursor', message: INVALID_CURSOR_MESSAGE }]);
  return { ts: new Date(decoded.ts).toISOString(), id: decoded.id };
}

/** `%`, `_` and `\` are wildcards in LIKE; typed text should match them literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

export type LogFilter = Partial<
  Pick<LogsQuery, 'level' | 'event' | 'userId' | 'user' | 'q' | 'from' | 'to' | 'cursor'>
> & {
  limit: number;
  /** Event names left out, unless `event` names one of them. */
  excludeEvents?: readonly string[];
};

/** A log row with the name and email its user has now (null when there is no such user). */
export type LogRowWithActor = LogRow & { actorName: string | null; actorEmail: string | null };

export class LogsRepository {
  constructor(
    private readonly db: Db,
    private readonly readDb: Db,
    private readonly metrics: Metrics,
  ) {}

  page(filter: LogFilter): Promise<{ rows: LogRowWithActor[]; nextCursor: string | null }> {
    return timeQuery(this.metrics, 'logs.page', async () => {
      const conditions: SQL[] = [];
      if (filter.level) conditions.push(inArray(logs.level, levelsFrom(filter.level)));
      if (filter.event) {
        conditions.push(
          filter.event.endsWith('*')
            ? like(logs.event, `${escapeLike(filter.event.slice(0, -1))}%`)
            : eq(logs.event, filter.event),
        );
      }
      const excluded = (filter.excludeEvents ?? []).filter((event) => event !== filter.event);
      if (excluded.length > 0) conditions.push(notInArray(logs.event, excluded));
      if (filter.userId) conditions.push(eq(logs.userId, filter.userId));
      if (filter.user) {
        // The matching users first (a small set), then their events through logs_user_ts_id_idx.
        const pattern = `%${escapeLike(filter.user)}%`;
        conditions.push(
          inArray(
            logs.userId,
            this.readDb
              .select({ id: users.id })
              .from(users)
              .where(or(ilike(users.email, pattern), ilike(users.name, pattern))),
          ),
        );
      }
      if (filter.q) conditions.push(ilike(logs.message, `%${escapeLike(filter.q)}%`));
      if (filter.from) conditions.push(gte(logs.ts, new Date(filter.from)));
      if (filter.to) conditions.push(lte(logs.ts, new Date(filter.to)));
      if (filter.cursor) {
        const cursor = decodeCursor(filter.cursor);
        conditions.push(
          sql`(${logs.ts}, ${logs.id}) < (${cursor.ts}::timestamptz, ${cursor.id}::bigint)`,
        );
      }
      const rows = await this.readDb
        .select({ ...getTableColumns(logs), actorName: users.name, actorEmail: users.email })
        .from(logs)
        .leftJoin(users, eq(users.id, logs.userId))
        .where(conditions.length > 0 ? and(...conditions) : undefined)
        .orderBy(desc(logs.ts), desc(logs.id))
        .limit(filter.limit + 1);
      const hasMore = rows.length > filter.limit;
      const pageRows = hasMore ? rows.slice(0, filter.limit) : rows;
      const last = pageRows.at(-1);
      return { rows: pageRows, nextCursor: hasMore && last ? encodeCursor(last) : null };
    });
  }

  countEventsSince(events: string[], since: Date): Promise<Record<string, number>> {
    return timeQuery(this.metrics, 'logs.countEventsSince', async () => {
      const rows = await this.readDb
        .select({ event: logs.event, value: sql<string>`count(*)` })
        .from(logs)
        .where(and(sql`${logs.event} in ${events}`, gte(logs.ts, since)))
        .groupBy(logs.event);
      return Object.fromEntries(rows.map((row) => [row.event, Number(row.value)]));
    });
  }

  /** Deletes up to `batchSize` rows older than `before`; returns how many went. */
  purgeOlderThan(before: Date, batchSize: number): Promise<number> {
    return timeQuery(this.metrics, 'logs.purge', async () => {
      const rows = await queryRows<{ deleted: number }>(
        this.db,
        sql`with removed as (
          delete from ${logs} where ${logs.id} in (
            select ${logs.id} from ${logs} where ${logs.ts} < ${before.toISOString()}::timestamptz
            order by ${logs.ts} limit ${batchSize}
          ) returning 1
        ) select count(*)::int as deleted from removed`,
      );
      return rows[0]?.deleted ?? 0;
    });
  }
}
