// Helpers for checks that run the real backend: a throw-away PostgreSQL database, a child process
// whose output is kept for failure messages, free ports, and polling an HTTP endpoint.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from '../support/tools.js';

/** Why the backend cannot be started here, or null when it can. */
export function backendUnavailable(): string | null {
  if (!process.env.TEST_DATABASE_URL) {
    return 'TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)';
  }
  if (!existsSync(path.join(repoRoot, 'backend/dist/server.js'))) {
    return 'backend/dist/server.js is missing (run `npm run build` first)';
  }
  return null;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on TEST_DATABASE_URL's server; `drop()` removes it again. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export { freePort } from '../support/ports.js';

export interface RunningProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts a command and collects its output. With `logFile`, stdout and stderr go to that file
 * instead of pipes: programs that open /dev/stdout or /dev/stderr by name (nginx's log
 * directives) cannot do that on the socket pairs Node uses for pipes, but can on a file.
 */
export function startProcess(
  command: string,
  args: string[],
  options: SpawnOptions & { logFile?: string },
): RunningProcess {
  const { logFile, ...spawnOptions } = options;
  const logFd = logFile ? openSync(logFile, 'a') : null;
  const child = spawn(command, args, {
    ...spawnOptions,
    stdio: logFd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
  });
  if (logFd !== null) closeSync(logFd);
  let piped = '';
  child.stdout?.on('data', (chunk: Buffer) => (piped += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (piped += chunk.toString()));
  const output = () => (logFile ? readFileSync(logFile, 'utf8') : piped);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => {
      piped += `\n${error.message}`;
      resolve('spawn-error');
    });
  });
  return {
    child,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export async function runToCompletion(
  command: string,
  args: string[],
  options: SpawnOptions,
): Promise<string> {
  const run = startProcess(command, args, options);
  const code = await run.exited;
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${run.output()}`);
  return run.output();
}

/** Polls `url` until it answers `status`; fails with the process output after `timeoutMs`. */
export async function waitForStatus(
  url: string,
  status: number,
  process: RunningProcess,
  timeoutMs = 60_000,
): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) break;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === status) return response;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer ${status} (last: ${last}). Output:\n${process.output()}`);
}
