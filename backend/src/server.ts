// Entry point: validate the configuration, build the backend, listen, and shut down gracefully.
// With WEB_CONCURRENCY > 1 the primary process forks that many workers sharing the port.
import './heap-growth.js';
import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { createBackend, type Backend } from './backend.js';
import { ConfigError, loadConfig, type AppConfig } from './config/env.js';
import { loadEnvFile } from './config/env-file.js';
import { DataDirLocked } from './db/data-dir-lock.js';
import { openDatabase } from './db/database.js';
import { MigrationsPending, prepareSchema } from './db/migrate.js';
import { createHttpServer } from './http/http-server.js';
import { createLogger, errorForLog } from './observability/logger.js';

/** How long a stopping server still reads requests already sent on open connections. */
const IDLE_CONNECTION_GRACE_MS = 500;

/** The settings file read at start-up, if any; the ready line names it. */
let envFile: string | undefined;

function readConfig(): AppConfig {
  try {
    envFile = loadEnvFile();
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `${error.message}\nFix these environment variables (see .env.example) and start again.\n`,
      );
      process.exit(1);
    }
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

async function serve(config: AppConfig): Promise<void> {
  const backend: Backend = await createBackend(
    config,
    cluster.isWorker ? { skipMigrations: true } : {},
  );
  const { logger } = backend;
  // A promise nobody awaited must not print its error raw (a failed statement carries its
  // values) nor end a process that is serving everyone else.
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled promise rejection', { error: errorForLog(reason) });
  });
  const server = createHttpServer(backend.app).listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch((error: NodeJS.ErrnoException) => {
    logger.error(`cannot listen on ${config.HOST}:${config.PORT}: ${error.code ?? error.message}`, {
      hint:
        error.code === 'EADDRINUSE'
          ? 'another process uses this port; stop it or set PORT'
          : undefined,
    });
    process.exit(1);
  });
  const metricsServer = await listenForMetrics(backend, config);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info('GV Playground backend ready', {
    url: `http://localhost:${port}`,
    database: backend.database.kind,
    redis: backend.redis ? 'on' : 'off',
    environment: config.NODE_ENV,
    pid: process.pid,
    settings: envFile ?? 'environment only',
    metrics:
      config.METRICS_PORT === 'off'
        ? 'off'
        : `http://${config.METRICS_HOST ?? config.HOST}:${config.METRICS_PORT}/metrics`,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down: draining in-flight requests', { signal });
    backend.health.markShuttingDown();
    const forceExit = setTimeout(() => {
      logger.warn('shutdown timeout reached; closing remaining connections');
      server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT);
    forceExit.unref();
    // A connection that looks idle may hold a request still on its way in (sent by the client,
    // not yet read by the server); closing it at once resets that request. For a moment the
    // server keeps reading, answering with `Connection: close`, then stops and closes the rest.
    await new Promise((resolve) => setTimeout(resolve, IDLE_CONNECTION_GRACE_MS));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(forceExit);
    metricsServer?.close();
    await backend.close();
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** The metrics listener on its own port, or none with METRICS_PORT=off. */
async function listenForMetrics(backend: Backend, config: AppConfig): Promise<Server | undefined> {
  const port = config.METRICS_PORT;
  if (port === 'off') return undefined;
  const host = config.METRICS_HOST ?? config.HOST;
  const server = createServer(backend.metricsListener);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    backend.logger.error(`cannot listen for metrics on ${host}:${port}: ${code}`, {
      hint:
        code === 'EADDRINUSE'
          ? 'another process uses this port; set METRICS_PORT to a free port, or METRICS_PORT=off'
          : undefined,
    });
    process.exit(1);
  }
  return server;
}

async function runPrimary(config: AppConfig): Promise<void> {
  // Migrate (or check) once here, so workers start against an up-to-date schema without racing.
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    readUrl: undefined,
    dataDir: config.dataDir,
    poolMax: 1,
  });
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT ?? 'json' });
  try {
    await prepareSchema(database, { migrate: config.MIGRATE_ON_START, logger });
  } finally {
    await database.close();
  }

  const workers = config.WEB_CONCURRENCY;
  process.stdout.write(`Starting ${workers} workers (pid ${process.pid})\n`);
  let stopping = false;
  for (let index = 0; index < workers; index++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`worker ${worker.process.pid} exited with ${code}; starting a new one\n`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

const config = readConfig();
const start = config.WEB_CONCURRENCY > 1 && cluster.isPrimary ? runPrimary(config) : serve(config);
start.catch((error: unknown) => {
  process.stderr.write(
    `Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  // These say what to do themselves.
  if (error instanceof MigrationsPending || error instanceof DataDirLocked) process.exit(1);
  if (!config.DATABASE_URL) {
    process.stderr.write('The embedded database lives in DATA_DIR; check that it is writable.\n');
  } else {
    process.stderr.write('Check that DATABASE_URL points at a running PostgreSQL server.\n');
  }
  process.exit(1);
});
