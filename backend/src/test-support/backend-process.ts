// The backend as a real process from its TypeScript sources (no build needed), the way the
// lifecycle and resilience tests need it: the kit's process with the backend tests' defaults.
import { spawnBackend, startBackend, type BackendProcess } from '@gv/testing';

export type { BackendProcess };

const TEST_DEFAULTS = { LOG_FORMAT: 'json', SERVE_FRONTEND: 'false' };

/** Spawns `src/server.ts` on `port` without waiting for it (a start that should fail, say). */
export function spawnBackendProcess(port: number, env: Record<string, string>): BackendProcess {
  return spawnBackend({ from: 'source', port, env: { ...TEST_DEFAULTS, ...env } });
}

/** Starts `src/server.ts` on `port` and waits until readiness answers 200. */
export function startBackendProcess(
  port: number,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<BackendProcess> {
  return startBackend({ from: 'source', port, env: { ...TEST_DEFAULTS, ...env }, timeoutMs });
}
