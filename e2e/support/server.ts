// Starts the real backend (which also serves the built frontend) on a fresh database for one
// e2e run, and removes everything afterwards.
//
// Database: a new PostgreSQL database on TEST_DATABASE_URL's server when that is set (as in CI),
// otherwise the embedded PGlite in a temporary directory.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  builtBackendEntry,
  createTestDatabase,
  repoRoot,
  startBackend,
  TEST_DATABASE_URL,
} from '@gv/testing';
import { admin, baseURL, port } from './env';

const frontendIndex = path.join(repoRoot, 'frontend', 'dist', 'index.html');

export interface RunningServer {
  logFile: string;
  stop(): Promise<void>;
}

interface Database {
  env: Record<string, string>;
  describe: string;
  drop(): Promise<void>;
}

async function createDatabase(workDir: string): Promise<Database> {
  if (!TEST_DATABASE_URL) {
    return {
      env: { DATA_DIR: path.join(workDir, 'data') },
      describe: 'embedded PGlite (set TEST_DATABASE_URL to use PostgreSQL)',
      drop: async () => undefined,
    };
  }
  const database = await createTestDatabase('gv_e2e');
  return {
    // DATA_DIR still holds the mails the backend writes as .eml files (no SMTP_URL here).
    env: { DATABASE_URL: database.url, DATA_DIR: path.join(workDir, 'data') },
    describe: `PostgreSQL database ${database.name}`,
    drop: database.drop,
  };
}

async function portInUse(): Promise<boolean> {
  try {
    await fetch(`${baseURL}/api/health/live`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/** A backend for journeys on a database of its own, which can be stopped and started again. */
export interface JourneyBackend {
  url: string;
  logFile: string;
  /** Where the backend writes its mails when the journey gave it no SMTP_URL. */
  mailDir: string;
  /** Stops the process (SIGTERM, as a deploy would); the database and the secrets stay. */
  stop(): Promise<void>;
  /** Starts it again on the same port, database and secrets, and waits until it is ready. */
  start(): Promise<void>;
  /** Stops it for good and removes its database and files. */
  dispose(): Promise<void>;
}

/**
 * Starts the built backend on `port` with a fresh database. Every start gets the same
 * environment, so sessions and refresh cookies survive a restart as they do in production.
 * `extraEnv` adds settings a journey needs, such as SMTP_URL for its own mail server.
 */
export async function startJourneyBackend(
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<JourneyBackend> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'gv-e2e-'));
  const logFile = path.join(workDir, 'server.log');
  const database = await createDatabase(workDir);
  // The backend gets only the variables chosen here, never the developer's own settings.
  const env = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(48).toString('base64'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    // The journeys register many users and sign in often from one address; the rate limits
    // would rightly refuse that. Their own tests live in the backend.
    RATE_LIMIT_ENABLED: 'false',
    // The Playground journey injects a fault (on a route no other journey uses); NODE_ENV is
    // production here, which alone would turn fault injection off.
    FAULTS_ENABLED: 'true',
    LOG_LEVEL: 'info',
    ...database.env,
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    ...extraEnv,
  };
  const launch = () =>
    startBackend({ from: 'build', port, logFile, timeoutMs: 90_000, env }).catch(
      (error: unknown) => {
        throw new Error(`The backend did not start; see ${logFile}`, { cause: error });
      },
    );

  let backend: Awaited<ReturnType<typeof startBackend>> | null = await launch().catch(
    async (error: unknown) => {
      await database.drop().catch(() => undefined);
      throw error;
    },
  );
  console.log(`e2e: backend on port ${port} with ${database.describe}; log: ${logFile}`);

  const stop = async () => {
    await backend?.stop('SIGTERM');
    backend = null;
  };
  return {
    url: `http://localhost:${port}`,
    logFile,
    mailDir: path.join(workDir, 'data', 'mail'),
    stop,
    async start() {
      if (!backend) backend = await launch();
    },
    async dispose() {
      await stop();
      await database.drop();
      if (!process.env.E2E_KEEP_LOGS) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export async function startServer(): Promise<RunningServer> {
  for (const [file, hint] of [
    [builtBackendEntry, 'backend'],
    [frontendIndex, 'frontend'],
  ] as const) {
    if (!existsSync(file)) {
      throw new Error(
        `${path.relative(repoRoot, file)} is missing: run "npm run build" first (${hint}).`,
      );
    }
  }
  if (await portInUse()) {
    throw new Error(`Port ${port} is already in use; stop that process or set E2E_PORT.`);
  }
  const backend = await startJourneyBackend(port);
  // Workers start after global setup and inherit its environment: this is how they find mails.
  process.env.E2E_MAIL_DIR = backend.mailDir;
  return { logFile: backend.logFile, stop: backend.dispose };
}
