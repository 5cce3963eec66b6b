import { z } from 'zod';
import { isoDateTime } from './common.js';

/** The span and spacing of the history the System page charts. */
export const STATS_HISTORY = { spanSeconds: 300, stepSeconds: 5 } as const;
const HISTORY_MAX_POINTS = STATS_HISTORY.spanSeconds / STATS_HISTORY.stepSeconds + 1;

export const STATS_SOURCES = ['prometheus', 'local'] as const;
export type StatsSource = (typeof STATS_SOURCES)[number];

/** Why an answer holds one instance's numbers instead of the whole deployment's. */
export const STATS_FALLBACK_REASONS = ['not-configured', 'unreachable', 'no-data'] as const;
export type StatsFallbackReason = (typeof STATS_FALLBACK_REASONS)[number];

export const adminStatsQuerySchema = z
  .object({
    include: z
      .literal('history', { message: 'include must be "history"' })
      .optional()
      .meta({ description: 'Also return the last 5 minutes from Prometheus, when it answers' }),
  })
  .strict();
export type AdminStatsQuery = z.infer<typeof adminStatsQuerySchema>;

/** One moment of the charted numbers, as Prometheus's recording rules had them. */
export const statsHistoryPointSchema = z
  .object({
    at: isoDateTime,
    requestsPerSecond: z.number().nullable(),
    errorRate: z.number().nullable(),
    latencyP95Ms: z.number().nullable(),
    activeSessions: z.number().nullable(),
  })
  .meta({ id: 'AdminStatsHistoryPoint' });
export type StatsHistoryPoint = z.infer<typeof statsHistoryPointSchema>;

/**
 * What the admin System page shows. With PROMETHEUS_URL set, the traffic and process numbers are
 * the whole deployment's, read from Prometheus's recording rules; otherwise (or while Prometheus
 * does not answer) they are the answering instance's own registry, and `instance` names it.
 * Users, sessions and sign-ins come from the database either way.
 */
export const adminStatsSchema = z
  .object({
    generatedAt: isoDateTime,
    source: z.enum(STATS_SOURCES).meta({
      description:
        'prometheus: every instance Prometheus scrapes; local: only the instance that answered',
    }),
    instance: z
      .string()
      .max(300)
      .regex(/^[\w.-]+ pid \d+$/)
      .optional()
      .meta({
        description:
          'With source local: the host name (the pod name in Kubernetes) and process id whose ' +
          'numbers these are, e.g. "gv-backend-7d9c-x2k4q pid 1"',
      }),
    fallbackReason: z
      .enum(STATS_FALLBACK_REASONS)
      .optional()
      .meta({
        description:
          'With source local: PROMETHEUS_URL is not set, Prometheus did not answer in time, ' +
          'or it has no series for the backend yet',
      }),
    instances: z.number().meta({ description: 'How many backend instances the numbers cover' }),
    windowSeconds: z.number().meta({ description: 'Rates are averaged over this window' }),
    requestsPerSecond: z.number(),
    errorRate: z.number().meta({ description: 'Share of responses with status >= 500, 0..1' }),
    latencyMs: z.object({
      p50: z.number().nullable(),
      p95: z.number().nullable(),
      p99: z.number().nullable(),
    }),
    requestsTotal: z.number().meta({
      description: 'Requests served since each covered instance started, summed',
    }),
    activeSessions: z.number(),
    users: z.object({ total: z.number(), admins: z.number(), disabled: z.number() }),
    loginsLastHour: z.object({ succeeded: z.number(), failed: z.number() }),
    process: z
      .object({
        rssBytes: z.number(),
        heapUsedBytes: z.number(),
        uptimeSeconds: z.number(),
        eventLoopLagMs: z.number().nullable(),
      })
      .meta({
        description:
          'Memory is summed over the covered instances; uptime is the longest-running one, ' +
          'event loop lag the worst one',
      }),
    history: z
      .array(statsHistoryPointSchema)
      .max(HISTORY_MAX_POINTS)
      .optional()
      .meta({
        description: `With include=history and source prometheus: one point every ${STATS_HISTORY.stepSeconds} s over the last ${STATS_HISTORY.spanSeconds / 60} minutes`,
      }),
  })
  .meta({ id: 'AdminStats' });
export type AdminStats = z.infer<typeof adminStatsSchema>;
