import { z } from 'zod';
import {
  bigintIdSchema,
  instantSchema,
  ipAddressSchema,
  isoDateTime,
  USER_AGENT_MAX_LENGTH,
} from './common.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof logLevelSchema>;

/** Who an event belongs to, as an admin reads it: the user's current name and email. */
export const logActorSchema = z
  .object({
    name: z
      .string()
      .max(100)
      .regex(/^[^\p{Cc}]*$/u),
    email: z.email().max(254),
  })
  .meta({ id: 'LogActor' });
export type LogActor = z.infer<typeof logActorSchema>;

export const logEntrySchema = z
  .object({
    id: bigintIdSchema.meta({ description: 'bigint identity, as a string' }),
    ts: isoDateTime,
    level: logLevelSchema,
    event: z
      .string()
      .max(100)
      .regex(/^[a-z0-9_.]+$/),
    message: z.string().max(1000),
    userId: z.uuid().nullable(),
    actor: logActorSchema.nullable().meta({
      description:
        'The user the event belongs to, with their current name and email; null when no user is involved or the user has been deleted',
    }),
    actorDeleted: z.boolean().meta({
      description: 'True when the event belonged to a user who has since been deleted',
    }),
    sessionId: z.uuid().nullable(),
    requestId: z
      .string()
      .max(128)
      .regex(/^[A-Za-z0-9._:-]+$/)
      .nullable(),
    ip: ipAddressSchema.nullable(),
    userAgent: z.string().max(USER_AGENT_MAX_LENGTH).nullable(),
    metadata: z.record(
      z
        .string()
        .max(64)
        .regex(/^[A-Za-z][A-Za-z0-9_]*$/),
      z.unknown(),
    ),
  })
  .meta({ id: 'LogEntry' });
export type LogEntry = z.infer<typeof logEntrySchema>;

export const LOGS_MAX_PAGE_SIZE = 200;

/** What a cursor carries: the (ts, id) of the last row of the previous page. */
export const logCursorPayloadSchema = z.object({ ts: instantSchema, id: bigintIdSchema }).strict();
export type LogCursor = z.infer<typeof logCursorPayloadSchema>;

export const LOG_CURSOR_MAX_LENGTH = 200;

/**
 * Reads a cursor (base64url of the JSON payload) and checks every field, so that whatever a client
 * sends, only a real instant and a bigint in range reach the database. Null when it is not one the
 * server could have issued. Runs in browsers too, so it uses atob rather than Buffer.
 */
export function decodeLogCursor(cursor: string): LogCursor | null {
  if (cursor.length > LOG_CURSOR_MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const base64 = cursor.replaceAll('-', '+').replaceAll('_', '/');
    // A valid payload is ASCII, so the binary string atob returns is the JSON text itself.
    const parsed: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    const result = logCursorPayloadSchema.safeParse(parsed);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

export const INVALID_CURSOR_MESSAGE = 'Invalid cursor; use nextCursor from the previous page';

const cursorSchema = z
  .string()
  .max(LOG_CURSOR_MAX_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/, INVALID_CURSOR_MESSAGE)
  .refine((cursor) => decodeLogCursor(cursor) !== null, INVALID_CURSOR_MESSAGE)
  .meta({ description: "Opaque cursor from the previous page's nextCursor" });

/**
 * Token refreshes are routine (a signed-in browser refreshes every few minutes) and would be half
 * of every feed: the personal feed never shows them, the admin log only when asked.
 */
export const ROUTINE_EVENTS = ['auth.refresh'] as const;

/** The levels at or above `level`: a level filter means "this bad or worse". */
export function levelsFrom(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(LOG_LEVELS.indexOf(level));
}

export const LOG_SEARCH_MAX_LENGTH = 100;

/** Text matched anywhere in a field (ILIKE): no control characters, capped in length. */
const searchTextSchema = (maxLength: number) =>
  z
    .string()
    .trim()
    .min(1, 'Type something to search for')
    .max(maxLength, `At most ${maxLength} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'Search text cannot contain control characters');

export const myLogsQuerySchema = z
  .object({
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(LOGS_MAX_PAGE_SIZE).default(50),
  })
  .strict();
export type MyLogsQuery = z.infer<typeof myLogsQuerySchema>;

export const logsQuerySchema = z
  .object({
    level: logLevelSchema
      .optional()
      .meta({ description: 'This level and those above it: warn shows warn and error' }),
    event: z
      .string()
      .trim()
      .max(100)
      .regex(/^[a-z0-9_.*]+$/, 'Event names are dotted lower-case words; end with * for a prefix')
      .optional()
      .meta({
        description: 'An event name, or a prefix ending in * (auth.* is every sign-in event)',
      }),
    userId: z.uuid().optional(),
    user: searchTextSchema(254)
      .optional()
      .meta({ description: 'Events of users whose email or name contains this text' }),
    q: searchTextSchema(LOG_SEARCH_MAX_LENGTH)
      .optional()
      .meta({ description: 'Text the message contains (case-insensitive)' }),
    refreshes: z
      .enum(['hide', 'show'])
      .default('hide')
      .meta({ description: 'Token refreshes (auth.refresh) are left out unless this is show' }),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(LOGS_MAX_PAGE_SIZE).default(50),
  })
  .strict();
export type LogsQuery = z.infer<typeof logsQuerySchema>;

export const logPageSchema = z
  .object({
    data: z.array(logEntrySchema).max(LOGS_MAX_PAGE_SIZE),
    nextCursor: z
      .string()
      .max(LOG_CURSOR_MAX_LENGTH)
      .regex(/^[A-Za-z0-9_-]+$/)
      .nullable(),
  })
  .meta({ id: 'LogPage' });
export type LogPage = z.infer<typeof logPageSchema>;

/** The admin log's filter without paging, for a CSV export of everything it matches. */
export const exportLogsQuerySchema = logsQuerySchema.omit({ cursor: true, limit: true });
export type ExportLogsQuery = z.infer<typeof exportLogsQuerySchema>;
