// Reads and validates the environment once at start-up. Every other module receives the parsed
// `AppConfig`; nothing else reads process.env.
import path from 'node:path';
import { z } from 'zod';
import { redactString } from '../observability/redact.js';

const durationPattern = /^(\d+)\s*(ms|s|m|h|d)$/;
const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `15m`, `7d`, `30s`, `500ms` into milliseconds. */
export function parseDuration(text: string): number | null {
  const match = durationPattern.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS];
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === null || ms <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: 'use a number and a unit: 500ms, 30s, 15m, 12h, 7d',
        });
        return z.NEVER;
      }
      return ms;
    });

const postgresUrl = z
  .string()
  .trim()
  .refine(
    (value) => /^postgres(ql)?:\/\//.test(value),
    'must be a postgres:// or postgresql:// URL',
  );

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/**
 * `TRUST_PROXY` follows Express: `false`, `true`, a hop count, or a comma-separated list of
 * addresses/subnets (e.g. `loopback, 10.0.0.0/8`).
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((value): boolean | number | string[] => {
    if (value === 'true') return true;
    if (value === 'false' || value === '') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  });

/**
 * `PORT`: 0 asks the system for any free port (tests use it), but an empty value would do the same
 * by accident (`PORT=` in a shell or a .env file), so it is refused rather than read as 0.
 */
const httpPort = z
  .string()
  .default('3000')
  .transform((value, ctx) => {
    const text = value.trim();
    if (text === '') {
      ctx.addIssue({
        code: 'custom',
        message: 'is empty; set a port from 1 to 65535, or leave PORT out for 3000',
      });
      return z.NEVER;
    }
    const port = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(port >= 0 && port <= 65_535)) {
      ctx.addIssue({ code: 'custom', message: 'use a port from 1 to 65535' });
      return z.NEVER;
    }
    return port;
  });

/** `METRICS_PORT`: the port /metrics listens on, or `off` to serve no metrics at all. */
const metricsPort = z
  .string()
  .default('9464')
  .transform((value, ctx): number | 'off' => {
    if (value.trim() === 'off') return 'off';
    const port = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      ctx.addIssue({ code: 'custom', message: 'use a port from 1 to 65535, or off' });
      return z.NEVER;
    }
    return port;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: httpPort,
  HOST: z.string().default('0.0.0.0'),
  METRICS_PORT: metricsPort,
  /** Where the metrics listener binds; the same address as the app unless set. */
  METRICS_HOST: z.preprocess(emptyAsUndefined, z.string().optional()),
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  DATABASE_READ_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  DATA_DIR: z.string().default('./.data'),
  /**
   * Apply pending migrations at start-up: on for the all-in-one `npm start`; off in the images and
   * manifests, where the migration Job (or compose's migrate service) runs first.
   */
  MIGRATE_ON_START: booleanFlag(true),
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  REDIS_KEY_PREFIX: z.string().default('gv:'),
  JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  JWT_ISSUER: z.string().default('gv-playground'),
  JWT_AUDIENCE: z.string().default('gv-playground-api'),
  ACCESS_TOKEN_TTL: duration('15m'),
  REFRESH_TOKEN_TTL: duration('7d'),
  SESSION_MAX_AGE: duration('30d'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ message: 'each origin must be a URL such as https://app.example.com' }))),
  TRUST_PROXY: trustProxy,
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
  ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8).max(128).optional()),
  /**
   * Admins must turn on two-factor sign-in before admin routes answer them (403 of type
   * two-factor-required until then); they can still sign in to do it.
   */
  REQUIRE_ADMIN_2FA: booleanFlag(false),
  SERVE_FRONTEND: booleanFlag(true),
  FRONTEND_DIST: z.string().optional(),
  RATE_LIMIT_ENABLED: booleanFlag(true),
  BODY_LIMIT: z.string().default('100kb'),
  SHUTDOWN_TIMEOUT: duration('10s'),
  APP_VERSION: z.string().optional(),
  GIT_COMMIT: z.string().default('unknown'),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * The SMTP server mail goes through (smtp://user:pass@host:587, smtps:// for TLS from the
   * start); unset, mails are written as .eml files under DATA_DIR/mail (docs/decisions/202).
   */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => /^smtps?:\/\//.test(value), 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  MAIL_FROM: z.string().default('GV Playground <no-reply@gv-playground.local>'),
  /** The console's address as users reach it, for links in mails; http://localhost:PORT unset. */
  PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }).optional(),
  ),
  /**
   * Fault injection for drills (/api/admin/faults). Unset, it is on except with
   * NODE_ENV=production; the production overlay says false, staging true.
   */
  FAULTS_ENABLED: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
    .optional()
    .transform((value) => (value === undefined ? undefined : ['true', '1', 'yes'].includes(value))),
  /** Where the System page reads fleet-wide numbers; unset, it shows this instance's own. */
  PROMETHEUS_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' }).optional(),
  ),
});

/** Every variable the backend understands; the Kubernetes checks hold ConfigMaps to this list. */
export const KNOWN_ENV_VARS = Object.keys(envSchema.shape);

export type Env = z.infer<typeof envSchema>;

export interface AppConfig extends Env {
  FAULTS_ENABLED: boolean;
  isProduction: boolean;
  dataDir: string;
  /** PUBLIC_URL without a trailing slash, or the local address when it is unset. */
  publicUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Rules that involve several variables, checked on the raw values so every problem is listed. */
function crossFieldProblems(source: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const value = (name: string) => (source[name] === '' ? undefined : source[name]);
  const jwtSecret = value('JWT_SECRET');
  if (source.NODE_ENV === 'production' && !jwtSecret) {
    problems.push('JWT_SECRET: required in production (32+ random bytes)');
  }
  if (jwtSecret && Buffer.byteLength(jwtSecret) < 32) {
    problems.push('JWT_SECRET: must be at least 32 bytes long');
  }
  if (value('DATABASE_READ_URL') && !value('DATABASE_URL')) {
    problems.push('DATABASE_READ_URL: only makes sense together with DATABASE_URL');
  }
  if (Number(value('WEB_CONCURRENCY') ?? 1) > 1 && !value('DATABASE_URL')) {
    problems.push(
      'WEB_CONCURRENCY: more than one worker needs DATABASE_URL (PGlite is single-process)',
    );
  }
  const metricsPortValue = value('METRICS_PORT');
  if (metricsPortValue !== undefined && metricsPortValue === (value('PORT') ?? '3000')) {
    problems.push('METRICS_PORT: must differ from PORT (metrics stay off the public port)');
  }
  if ((value('ADMIN_EMAIL') === undefined) !== (value('ADMIN_PASSWORD') === undefined)) {
    problems.push('ADMIN_EMAIL / ADMIN_PASSWORD: set both or neither');
  }
  return problems;
}

/** Validates the environment; throws one ConfigError that lists every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      const raw = source[String(issue.path[0])];
      // Never echo a secret back, even a malformed one.
      const shown = /SECRET|PASSWORD|SMTP_URL/.test(name)
        ? '[hidden]'
        : redactString(JSON.stringify(raw ?? null));
      problems.push(`${name}: ${issue.message} (got ${shown})`);
    }
  }
  problems.push(...crossFieldProblems(source));
  if (problems.length > 0 || !parsed.success) throw new ConfigError([...new Set(problems)]);
  const env = parsed.data;
  return {
    ...env,
    FAULTS_ENABLED: env.FAULTS_ENABLED ?? env.NODE_ENV !== 'production',
    isProduction: env.NODE_ENV === 'production',
    dataDir: path.resolve(env.DATA_DIR),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ''),
  };
}
