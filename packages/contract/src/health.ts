import { z } from 'zod';

export const checkStatusSchema = z.enum(['up', 'down', 'disabled']);

export const dependencyCheckSchema = z.object({
  status: checkStatusSchema,
  latencyMs: z.number().nullable(),
});
export type DependencyCheck = z.infer<typeof dependencyCheckSchema>;

export const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready', 'shutting_down']),
    checks: z.record(z.string(), dependencyCheckSchema),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof readinessSchema>;

export const livenessSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });

export const healthSummarySchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    version: z.string(),
    commit: z.string(),
    environment: z.string(),
    uptimeSeconds: z.number(),
    database: z.enum(['postgres', 'pglite']),
    checks: z.record(z.string(), dependencyCheckSchema),
  })
  .meta({ id: 'HealthSummary' });
export type HealthSummary = z.infer<typeof healthSummarySchema>;
