import { z } from 'zod';

export const checkStatusSchema = z.enum(['up', 'down', 'disabled']);

/** Dependency names, e.g. "database" and "redis". */
const checkNameSchema = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z_]*$/);

export const dependencyCheckSchema = z.object({
  status: checkStatusSchema,
  latencyMs: z.number().nullable(),
});
export type DependencyCheck = z.infer<typeof dependencyCheckSchema>;

export const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready', 'shutting_down']),
    checks: z.record(checkNameSchema, dependencyCheckSchema),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof readinessSchema>;

export const livenessSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });

export const healthSummarySchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    version: z
      .string()
      .max(64)
      .regex(/^[\w.+-]+$/),
    commit: z
      .string()
      .max(64)
      .regex(/^[\w.-]+$/),
    environment: z
      .string()
      .max(20)
      .regex(/^[a-z]+$/),
    uptimeSeconds: z.number(),
    database: z.enum(['postgres', 'pglite']),
    checks: z.record(checkNameSchema, dependencyCheckSchema),
  })
  .meta({ id: 'HealthSummary' });
export type HealthSummary = z.infer<typeof healthSummarySchema>;
