// The backend as a real process, the way the process-level tests, the e2e run, the infrastructure
// checks and the benchmark each need it: its own port and environment, ready when readiness says so.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { backendDir } from './paths.js';
import { startProcess, waitForStatus, type RunningProcess } from './processes.js';
import { skipReason } from './skips.js';

export interface BackendProcessOptions {
  /**
   * `source` runs src/server.ts through tsx, so no build is needed; `build` runs dist/server.js
   * exactly as the production image does.
   */
  from: 'source' | 'build';
  port: number;
  /** Added to the few variables every run sets; the caller's own environment is not passed on. */
  env?: Record<string, string | undefined>;
  /** Send the output to this file instead of keeping it in memory. */
  logFile?: string;
}

export interface BackendProcess extends RunningProcess {
  port: number;
  baseUrl: string;
}

const ENTRY = {
  source: ['--conditions=source', '--import', 'tsx', 'src/server.ts'],
  build: ['dist/server.js'],
} as const;

/** The path of the built server, for tests that need a build and say so when it is missing. */
export const builtBackendEntry = path.join(backendDir, 'dist', 'server.js');

/** Starts the backend without waiting for it (for a start that is meant to fail, say). */
export function spawnBackend(options: BackendProcessOptions): BackendProcess {
  const running = startProcess(process.execPath, [...ENTRY[options.from]], {
    cwd: backendDir,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      // Parallel test processes would race for the default metrics port; a test that scrapes
      // passes a port of its own.
      METRICS_PORT: 'off',
      PORT: String(options.port),
      ...options.env,
    },
    ...(options.logFile ? { logFile: options.logFile } : {}),
  });
  return { ...running, port: options.port, baseUrl: `http://127.0.0.1:${options.port}` };
}

/**
 * Starts the backend and waits until `readyPath` (readiness unless given) answers 200; a backend
 * that exits or stays unready is killed and its output is in the error.
 */
export async function startBackend(
  options: BackendProcessOptions & { readyPath?: string; timeoutMs?: number; intervalMs?: number },
): Promise<BackendProcess> {
  const backend = spawnBackend(options);
  try {
    const ready = await waitForStatus(
      `${backend.baseUrl}${options.readyPath ?? '/api/health/ready'}`,
      {
        process: backend,
        timeoutMs: options.timeoutMs ?? 60_000,
        intervalMs: options.intervalMs ?? 100,
      },
    );
    // An unread body keeps the connection busy, and a graceful shutdown waits for it.
    await ready.body?.cancel();
  } catch (error) {
    await backend.stop('SIGKILL');
    throw error;
  }
  return backend;
}

/** Why tests that run the built backend cannot run here, or null when the build is there. */
export function missingBackendBuild(): string | null {
  return skipReason(
    existsSync(builtBackendEntry)
      ? null
      : 'backend/dist/server.js is missing (run `npm run build`)',
  );
}
