// Fault injection for the playground (docs/decisions/190): the faults an admin switches on to
// practise drills, and the alert states the Playground page shows next to them.
import { z } from 'zod';
import { instantSchema, isoDateTime } from './common.js';

export const FAULT_LATENCY_MAX_MS = 10_000;
/** A fault always ends by itself, at most this long after it was set. */
export const FAULT_MAX_DURATION_MS = 60 * 60 * 1000;
export const FAULT_ROUTES_MAX = 50;

/** Whether a change reaches every backend instance (through Redis) or only the one that took it. */
export const FAULT_SCOPES = ['cluster', 'process'] as const;
export type FaultScope = (typeof FAULT_SCOPES)[number];

const delayMs = (what: string) =>
  z
    .number({ message: `${what} must be a number of milliseconds` })
    .int(`${what} must be a whole number of milliseconds`)
    .min(0, `${what} cannot be negative`)
    .max(FAULT_LATENCY_MAX_MS, `${what} must be at most ${FAULT_LATENCY_MAX_MS} ms`);

const routeTemplateSchema = z
  .string()
  .max(200)
  .regex(/^\/api\/[A-Za-z0-9/:_-]*$/, 'Use a route template such as /api/users/me');

/** Text without control characters, as names and labels are shown. */
const plainText = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .regex(/^[^\p{Cc}]*$/u);

/** What an admin sets; the server also checks that routes exist and expiresAt is in its window. */
export const setFaultsRequestSchema = z
  .object({
    errorRate: z
      .number({ message: 'errorRate must be a number from 0 to 1' })
      .min(0, 'errorRate must be at least 0')
      .max(1, 'errorRate must be at most 1')
      .meta({ description: 'Share of matching requests answered 503 "Injected fault", 0..1' }),
    latencyMs: delayMs('latencyMs').meta({
      description: 'Added before the handler of every matching request',
    }),
    databaseDelayMs: delayMs('databaseDelayMs').meta({
      description: 'Added to each database query made while serving a matching request',
    }),
    routes: z
      .array(routeTemplateSchema)
      .max(FAULT_ROUTES_MAX, `At most ${FAULT_ROUTES_MAX} routes`)
      .meta({
        description:
          'Route templates the faults apply to, e.g. /api/users/:id; empty means every API ' +
          'route except sign-in (/api/auth/*), health and the faults endpoint itself',
      }),
    expiresAt: instantSchema.meta({
      description: 'When the faults end by themselves: in the future, at most one hour ahead',
    }),
  })
  .strict()
  .meta({ id: 'SetFaultsRequest' });
export type SetFaultsRequest = z.infer<typeof setFaultsRequestSchema>;

export const faultsSchema = z
  .object({
    errorRate: z.number().min(0).max(1),
    latencyMs: z.number().int().min(0).max(FAULT_LATENCY_MAX_MS),
    databaseDelayMs: z.number().int().min(0).max(FAULT_LATENCY_MAX_MS),
    routes: z.array(routeTemplateSchema).max(FAULT_ROUTES_MAX),
    expiresAt: isoDateTime.nullable().meta({ description: 'null when no fault is active' }),
    changedBy: z
      .object({ id: z.uuid(), name: plainText(100), email: z.email().max(254) })
      .nullable()
      .meta({ description: 'Who made the last change; null when none since start-up' }),
    changedAt: isoDateTime.nullable(),
    scope: z.enum(FAULT_SCOPES).meta({
      description:
        'cluster: changes reach every instance through Redis; process: this instance only',
    }),
  })
  .meta({ id: 'Faults' });
export type Faults = z.infer<typeof faultsSchema>;

/** Why no alert states are listed. */
export const ALERTS_UNAVAILABLE_REASONS = ['not-configured', 'unreachable'] as const;

export const alertStatusSchema = z
  .object({
    available: z.boolean().meta({
      description: 'False when PROMETHEUS_URL is not set or Prometheus did not answer',
    }),
    reason: z.enum(ALERTS_UNAVAILABLE_REASONS).optional(),
    alerts: z
      .array(
        z.object({
          name: plainText(200),
          state: z.enum(['pending', 'firing']),
          activeAt: isoDateTime.nullable(),
        }),
      )
      .max(500),
  })
  .meta({ id: 'AlertStatus' });
export type AlertStatus = z.infer<typeof alertStatusSchema>;
