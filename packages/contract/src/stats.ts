import { z } from 'zod';
import { isoDateTime } from './common.js';

/** What the admin System page charts; every number comes from the Prometheus registry. */
export const adminStatsSchema = z
  .object({
    generatedAt: isoDateTime,
    windowSeconds: z.number().meta({ description: 'Rates are averaged over this window' }),
    requestsPerSecond: z.number(),
    errorRate: z.number().meta({ description: 'Share of responses with status >= 500, 0..1' }),
    latencyMs: z.object({
      p50: z.number().nullable(),
      p95: z.number().nullable(),
      p99: z.number().nullable(),
    }),
    requestsTotal: z.number(),
    activeSessions: z.number(),
    users: z.object({ total: z.number(), admins: z.number(), disabled: z.number() }),
    loginsLastHour: z.object({ succeeded: z.number(), failed: z.number() }),
    process: z.object({
      rssBytes: z.number(),
      heapUsedBytes: z.number(),
      uptimeSeconds: z.number(),
      eventLoopLagMs: z.number().nullable(),
    }),
  })
  .meta({ id: 'AdminStats' });
export type AdminStats = z.infer<typeof adminStatsSchema>;
