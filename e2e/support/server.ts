// Starts the real backend (which also serves the built frontend) on a fresh database for one
// e2e run, and removes everything afterwards.
//
// Database: a new PostgreSQL database on TEST_DATABASE_URL's server when that is set (as in CI),
// otherwise the embedded PGlite in a temporary directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { admin, baseURL, port } from './env';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverEntry = path.join(repoRoot, 'backend', 'dist', 'server.js');
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
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return {
      env: { DATA_DIR: path.join(workDir, 'data') },
      describe: 'embedded PGlite (set TEST_DATABASE_URL to use PostgreSQL)',
      drop: async () => undefined,
    };
  }
  const name = `gv_e2e_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    describe: `PostgreSQL database ${name}`,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
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

async function waitUntilReady(child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The backend exited with code ${child.exitCode}; see ${logFile}`);
    }
    try {
      const response = await fetch(`${baseURL}/api/health/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The backend was not ready within 90 s; see ${logFile}`);
}

export async function startServer(): Promise<RunningServer> {
  for (const [file, hint] of [
    [serverEntry, 'backend'],
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
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET: randomBytes(48).toString('base64'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    // The journeys register many users and sign in often from one address; the rate limits
    // would rightly refuse that. Their own tests live in the backend.
    RATE_LIMIT_ENABLED: 'false',
    // The journeys never scrape; a fixed metrics port would clash with anything else running.
    METRICS_PORT: 'off',
    LOG_LEVEL: 'info',
    ...database.env,
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
  };
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [serverEntry], { cwd: repoRoot, env, stdio: 'pipe' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  try {
    await waitUntilReady(child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    await database.drop().catch(() => undefined);
    throw error;
  }
  console.log(`e2e: backend on ${baseURL} with ${database.describe}; log: ${logFile}`);

  return {
    logFile,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      log.end();
      await database.drop();
      if (!process.env.E2E_KEEP_LOGS) rmSync(workDir, { recursive: true, force: true });
    },
  };
}
