import { z } from 'zod';
import { isoDateTime } from './common.js';

export const sessionSchema = z
  .object({
    id: z.uuid(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: isoDateTime,
    lastUsedAt: isoDateTime,
    expiresAt: isoDateTime,
    current: z.boolean().meta({ description: 'True for the session making this request' }),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof sessionSchema>;

export const sessionListSchema = z
  .object({ data: z.array(sessionSchema) })
  .meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof sessionListSchema>;

export const revokeSessionsQuerySchema = z
  .object({
    scope: z.literal('others', { message: 'scope must be "others"' }),
  })
  .strict();
export type RevokeSessionsQuery = z.infer<typeof revokeSessionsQuerySchema>;
