// The shared test kit: see README.md for what each helper is for. Nothing here imports Vitest,
// so the benchmark and Playwright's global setup can use it; hooks live in '@gv/testing/fixtures'.
export { builtBackendEntry, missingBackendBuild, spawnBackend, startBackend } from './backend.js';
export type { BackendProcess, BackendProcessOptions } from './backend.js';
export { backendDir, repoRoot } from './paths.js';
export { freePort } from './ports.js';
export { createTestDatabase, TEST_DATABASE_URL, withClient } from './postgres.js';
export type { TestDatabase } from './postgres.js';
export { getJson, runToCompletion, startProcess, waitFor, waitForStatus } from './processes.js';
export type {
  ExitStatus,
  RunningProcess,
  StartProcessOptions,
  WaitForStatusOptions,
} from './processes.js';
export {
  findTool,
  inCi,
  missingService,
  missingTool,
  skipReason,
  SKIPS_ALLOWED_IN_CI,
} from './skips.js';
export type { AllowedSkip } from './skips.js';
