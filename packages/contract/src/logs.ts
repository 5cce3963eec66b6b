import { z } from 'zod';
import { isoDateTime } from './common.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof logLevelSchema>;

export const logEntrySchema = z
  .object({
    id: z.string().meta({ description: 'bigint identity, as a string' }),
    ts: isoDateTime,
    level: logLevelSchema,
    event: z.string(),
    message: z.string(),
    userId: z.uuid().nullable(),
    sessionId: z.uuid().nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'LogEntry' });
export type LogEntry = z.infer<typeof logEntrySchema>;

export const LOGS_MAX_PAGE_SIZE = 200;

const cursorSchema = z
  .string()
  .max(200)
  .meta({ description: "Opaque cursor from the previous page's nextCursor" });

export const myLogsQuerySchema = z
  .object({
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(LOGS_MAX_PAGE_SIZE).default(50),
  })
  .strict();
export type MyLogsQuery = z.infer<typeof myLogsQuerySchema>;

export const logsQuerySchema = z
  .object({
    level: logLevelSchema.optional(),
    event: z
      .string()
      .trim()
      .max(100)
      .regex(/^[a-z0-9_.*]+$/, 'Event names are dotted lower-case words; end with * for a prefix')
      .optional(),
    userId: z.uuid().optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    cursor: cursorSchema.optional(),
    limit: z.coerce.number().int().min(1).max(LOGS_MAX_PAGE_SIZE).default(50),
  })
  .strict();
export type LogsQuery = z.infer<typeof logsQuerySchema>;

export const logPageSchema = z
  .object({
    data: z.array(logEntrySchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'LogPage' });
export type LogPage = z.infer<typeof logPageSchema>;
