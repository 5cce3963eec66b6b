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
    env: { DATABASE_URL: database.url },
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

  const workDir = mkdtempSync(path.join(tmpdir(), 'gv-e2e-'));
  const logFile = path.join(workDir, 'server.log');
  const database = await createDatabase(workDir);
  // The backend gets only the variables chosen here, never the developer's own settings.
  const backend = await startBackend({
    from: 'build',
    port,
    logFile,
    timeoutMs: 90_000,
    env: {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(48).toString('base64'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      // The journeys register many users and sign in often from one address; the rate limits
      // would rightly refuse that. Their own tests live in the backend.
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'info',
      ...database.env,
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    },
  }).catch(async (error: unknown) => {
    await database.drop().catch(() => undefined);
    throw new Error(`The backend did not start; see ${logFile}`, { cause: error });
  });
  console.log(`e2e: backend on ${baseURL} with ${database.describe}; log: ${logFile}`);

  return {
    logFile,
    async stop() {
      await backend.stop('SIGTERM');
      await database.drop();
      if (!process.env.E2E_KEEP_LOGS) rmSync(workDir, { recursive: true, force: true });
    },
  };
}
