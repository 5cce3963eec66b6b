import { z } from 'zod';
import { ipAddressSchema, isoDateTime, USER_AGENT_MAX_LENGTH } from './common.js';

/** The server lists at most this many sessions, most recently used first. */
export const SESSIONS_MAX_LISTED = 100;

export const sessionSchema = z
  .object({
    id: z.uuid(),
    userAgent: z.string().max(USER_AGENT_MAX_LENGTH).nullable(),
    ip: ipAddressSchema.nullable(),
    createdAt: isoDateTime,
    lastUsedAt: isoDateTime,
    expiresAt: isoDateTime,
    current: z.boolean().meta({ description: 'True for the session making this request' }),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof sessionSchema>;

export const sessionListSchema = z
  .object({ data: z.array(sessionSchema).max(SESSIONS_MAX_LISTED) })
  .meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof sessionListSchema>;

export const revokeSessionsQuerySchema = z
  .object({
    scope: z.literal('others', { message: 'scope must be "others"' }),
  })
  .strict();
export type RevokeSessionsQuery = z.infer<typeof revokeSessionsQuerySchema>;
