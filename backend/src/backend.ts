// The composition root: builds every service from the configuration, in dependency order, and
// knows how to start and stop them. server.ts runs it; tests build one per test file.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import type { AppConfig } from './config/env.js';
import { resolveJwtSecret } from './config/jwt-secret.js';
import { openDatabase, type Database } from './db/database.js';
import { prepareSchema } from './db/migrate.js';
import { Transactions } from './db/transactions.js';
import { createApp } from './http/app.js';
import type { RouteHandlers } from './http/routing.js';
import { AccountTokensRepository } from './modules/account/account-tokens.repository.js';
import { accountRoutes } from './modules/account/account.routes.js';
import { EmailChangeService } from './modules/account/email-change.service.js';
import { BackgroundWork } from './modules/account/background-work.js';
import { EmailVerificationService } from './modules/account/email-verification.service.js';
import { PasswordResetService } from './modules/account/password-reset.service.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { PrometheusClient } from './modules/admin/prometheus.js';
import { StatsService } from './modules/admin/stats.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { AuthService } from './modules/auth/auth.service.js';
import { DeviceCookies } from './modules/auth/device-cookies.js';
import { SignInThrottleRepository } from './modules/auth/sign-in-throttle.repository.js';
import { SignInThrottle } from './modules/auth/sign-in-throttle.js';
import { dummyPasswordHash } from './modules/auth/passwords.js';
import { AccessTokens } from './modules/auth/tokens.js';
import { FaultsChannel } from './modules/faults/faults.channel.js';
import { faultsRoutes } from './modules/faults/faults.routes.js';
import { FaultsService } from './modules/faults/faults.service.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { HealthService } from './modules/health/health.service.js';
import { AuditLog } from './modules/logs/audit.js';
import { LogWriter, type LogWriterOptions } from './modules/logs/log-writer.js';
import { logsRoutes } from './modules/logs/logs.routes.js';
import { LogsRepository } from './modules/logs/logs.repository.js';
import { LogsService } from './modules/logs/logs.service.js';
import { LogRetention } from './modules/logs/retention.js';
import { Mailer } from './modules/mail/mailer.js';
import { RevocationSet } from './modules/sessions/revocation.js';
import { SessionsRepository } from './modules/sessions/sessions.repository.js';
import { sessionsRoutes } from './modules/sessions/sessions.routes.js';
import { SessionsService } from './modules/sessions/sessions.service.js';
import { TwoFactorKeys } from './modules/two-factor/two-factor-keys.js';
import { TwoFactorRepository } from './modules/two-factor/two-factor.repository.js';
import { twoFactorRoutes } from './modules/two-factor/two-factor.routes.js';
import { TwoFactorService } from './modules/two-factor/two-factor.service.js';
import { TwoFactorSignIn } from './modules/two-factor/two-factor-sign-in.js';
import { ensureFirstAdmin } from './modules/users/first-admin.js';
import { UsersRepository } from './modules/users/users.repository.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { UsersService } from './modules/users/users.service.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { createMetricsListener } from './observability/metrics-listener.js';
import { connectRedis, type RedisConnections } from './redis.js';

const backendRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function appVersion(config: Pick<AppConfig, 'APP_VERSION'>): string {
  if (config.APP_VERSION) return config.APP_VERSION;
  const pkg = JSON.parse(readFileSync(path.join(backendRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function defaultFrontendDist(): string {
  return path.resolve(backendRoot, '../frontend/dist');
}

export interface Backend {
  app: Express;
  /** Serves /metrics for Prometheus; server.ts binds it to METRICS_PORT. */
  metricsListener: RequestListener;
  config: AppConfig;
  logger: Logger;
  metrics: Metrics;
  database: Database;
  redis: RedisConnections | undefined;
  health: HealthService;
  logWriter: LogWriter;
  audit: AuditLog;
  stats: StatsService;
  retention: LogRetention;
  revocations: RevocationSet;
  /** Injected faults; undefined where FAULTS_ENABLED is false. */
  faults: FaultsService | undefined;
  mailer: Mailer;
  /** Work started by requests that goes on after their answers (account mails). */
  background: BackgroundWork;
  repositories: { users: UsersRepository; sessions: SessionsRepository; logs: LogsRepository };
  /** Stops background work, flushes queued audit events and closes connections. */
  close(): Promise<void>;
}

export interface BackendOverrides {
  logger?: Logger;
  database?: Database;
  logWriter?: LogWriterOptions;
  /** Where the one-time admin password is shown. */
  print?: (text: string) => void;
  /** Only check the schema, whatever MIGRATE_ON_START says (a worker whose primary migrated). */
  skipMigrations?: boolean;
  /** Skip creating the default admin on an empty database (tests make their own). */
  skipDefaultAdmin?: boolean;
}

export async function createBackend(
  config: AppConfig,
  overrides: BackendOverrides = {},
): Promise<Backend> {
  const logger =
    overrides.logger ??
    createLogger({
      level: config.LOG_LEVEL,
      format: config.LOG_FORMAT ?? 'json',
    });
  const version = appVersion(config);
  const metrics = createMetrics({ version, commit: config.GIT_COMMIT });

  const database =
    overrides.database ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      readUrl: config.DATABASE_READ_URL,
      dataDir: config.dataDir,
      poolMax: config.DATABASE_POOL_MAX,
    }));
  await prepareSchema(database, {
    migrate: config.MIGRATE_ON_START && !overrides.skipMigrations,
    logger,
  });

  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, logger) : undefined;

  const usersRepository = new UsersRepository(database.db, database.readDb, metrics);
  const sessionsRepository = new SessionsRepository(database.db, metrics);
  const logsRepository = new LogsRepository(database.db, database.readDb, metrics);

  const logWriter = new LogWriter(database.db, metrics, logger, overrides.logWriter);
  logWriter.start();
  const audit = new AuditLog(logWriter, logger, metrics);
  const transactions = new Transactions(database);
  const mailer = new Mailer(
    { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, dataDir: config.dataDir },
    logger,
  );

  const revocations = new RevocationSet(
    sessionsRepository,
    logger,
    {
      retentionMs: config.ACCESS_TOKEN_TTL + 60_000,
      channel: `${config.REDIS_KEY_PREFIX}session-revoked`,
    },
    redis ? { publisher: redis.client, subscriber: redis.subscriber } : undefined,
  );
  await revocations.start();

  const sessions = new SessionsService(sessionsRepository, revocations, audit, transactions, {
    maxAgeMs: config.SESSION_MAX_AGE,
    idleTimeoutMs: config.REFRESH_TOKEN_TTL,
  });
  const jwtSecret = resolveJwtSecret(config, logger);
  const tokens = new AccessTokens({
    secret: jwtSecret,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTokenTtlMs: config.ACCESS_TOKEN_TTL,
  });
  const signInThrottle = new SignInThrottle(
    new SignInThrottleRepository(database.db, metrics),
    logger,
  );
  signInThrottle.start();
  const background = new BackgroundWork(logger);
  const accountTokens = new AccountTokensRepository(database.db, metrics);
  const verification = new EmailVerificationService(
    usersRepository,
    accountTokens,
    audit,
    transactions,
    mailer,
    background,
    config.publicUrl,
  );
  const twoFactor = new TwoFactorService(
    usersRepository,
    new TwoFactorRepository(database.db, metrics),
    new TwoFactorKeys(jwtSecret),
    sessions,
    audit,
    transactions,
    mailer,
    background,
    { requireForAdmins: config.REQUIRE_ADMIN_2FA },
  );
  const auth = new AuthService(
    usersRepository,
    sessions,
    tokens,
    audit,
    signInThrottle,
    transactions,
    new DeviceCookies(jwtSecret),
    verification,
    new TwoFactorSignIn(accountTokens, usersRepository, twoFactor, audit, signInThrottle),
  );
  const users = new UsersService(
    usersRepository,
    sessions,
    audit,
    signInThrottle,
    transactions,
    verification,
    config.REQUIRE_ADMIN_2FA,
  );
  const emailChanges = new EmailChangeService(
    usersRepository,
    accountTokens,
    audit,
    transactions,
    mailer,
    background,
    config.publicUrl,
  );
  const passwordResets = new PasswordResetService(
    usersRepository,
    accountTokens,
    sessions,
    signInThrottle,
    audit,
    transactions,
    mailer,
    background,
    config.publicUrl,
  );
  const health = new HealthService(database, redis, logger, {
    version,
    commit: config.GIT_COMMIT,
    environment: config.NODE_ENV,
  });

  const faults = config.FAULTS_ENABLED
    ? new FaultsService({
        users: usersRepository,
        audit,
        metrics,
        logger,
        channel: redis
          ? new FaultsChannel(
              { publisher: redis.client, subscriber: redis.subscriber },
              logger,
              `${config.REDIS_KEY_PREFIX}faults`,
            )
          : undefined,
      })
    : undefined;
  await faults?.start();

  const countActiveSessions = () => sessions.countActive();
  metrics.sources.activeSessions = countActiveSessions;
  metrics.sources.dbPool = () => database.poolStats();

  const prometheus = config.PROMETHEUS_URL
    ? new PrometheusClient(config.PROMETHEUS_URL)
    : undefined;
  const stats = new StatsService(metrics, usersRepository, logsRepository, countActiveSessions, {
    prometheus,
    logger,
  });
  stats.start();
  const retention = new LogRetention(logsRepository, logger, config.LOG_RETENTION_DAYS);
  retention.start();

  await ensureFirstAdmin(usersRepository, audit, logger, {
    email: config.ADMIN_EMAIL,
    password: config.ADMIN_PASSWORD,
    createDefault: !overrides.skipDefaultAdmin,
    ...(overrides.print ? { print: overrides.print } : {}),
  });
  // Computed now so the first sign-in attempt for an unknown email is not the slow one.
  await dummyPasswordHash();

  const handlers: RouteHandlers = {
    ...authRoutes(auth, sessions, {
      secureCookies: config.isProduction,
      allowedOrigins: config.CORS_ORIGINS,
    }),
    ...accountRoutes(passwordResets, verification, emailChanges),
    ...usersRoutes(users),
    ...sessionsRoutes(sessions),
    ...logsRoutes(new LogsService(logsRepository)),
    ...healthRoutes(health),
    ...adminRoutes(stats, prometheus, logger),
    ...faultsRoutes(faults),
    ...twoFactorRoutes(twoFactor),
  };

  const frontendDist = config.SERVE_FRONTEND
    ? (config.FRONTEND_DIST ?? defaultFrontendDist())
    : null;
  const app = createApp(
    {
      isProduction: config.isProduction,
      trustProxy: config.TRUST_PROXY,
      corsOrigins: config.CORS_ORIGINS,
      bodyLimit: config.BODY_LIMIT,
      rateLimitEnabled: config.RATE_LIMIT_ENABLED,
      redisKeyPrefix: config.REDIS_KEY_PREFIX,
      version,
      frontendDist: frontendDist && existsSync(frontendDist) ? frontendDist : null,
    },
    {
      logger,
      metrics,
      tokens,
      sessions,
      ...(redis ? { redis } : {}),
      handlers,
      isAdmin: (authContext) => users.hasAdminRights(authContext.userId),
      isShuttingDown: () => health.isShuttingDown,
      ...(faults ? { faults } : {}),
    },
  );

  return {
    app,
    metricsListener: createMetricsListener(metrics),
    config,
    logger,
    metrics,
    database,
    redis,
    health,
    logWriter,
    audit,
    stats,
    retention,
    revocations,
    faults,
    mailer,
    background,
    repositories: { users: usersRepository, sessions: sessionsRepository, logs: logsRepository },
    close: async () => {
      stats.stop();
      retention.stop();
      signInThrottle.stop();
      revocations.stop();
      faults?.stop();
      await background.idle();
      await logWriter.close();
      mailer.close();
      await redis?.close();
      await database.close();
    },
  };
}
