// The smoke test that gates staging and production, run here against the real backend
// (`node backend/dist/server.js`, production mode, rate limits on) on a fresh PostgreSQL database.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  backendDir,
  createTestDatabase,
  freePort,
  missingBackendBuild,
  missingService,
  repoRoot,
  runToCompletion,
  spawnBackend,
  withClient,
  type BackendProcess,
  type TestDatabase,
} from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, startServer } from './testing/run-tool.js';

const frontendIndex = path.join(repoRoot, 'frontend/dist/index.html');

function skipReason(): string | null {
  return missingService('TEST_DATABASE_URL') ?? missingBackendBuild();
}

const GIT_COMMIT = randomBytes(20).toString('hex');

describe.skipIf(skipReason())('tools/smoke-test.ts against the real backend', () => {
  let database: TestDatabase | undefined;
  let databaseUrl: string;
  let server: BackendProcess | undefined;
  let baseUrl: string;
  const serverLog = () => server?.output() ?? '';

  beforeAll(async () => {
    database = await createTestDatabase('gv_smoke');
    databaseUrl = database.url;

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      RATE_LIMIT_ENABLED: 'true',
      CORS_ORIGINS: baseUrl,
      GIT_COMMIT,
      LOG_LEVEL: 'warn',
      METRICS_PORT: 'off',
    };
    if (process.env.TEST_REDIS_URL) {
      env.REDIS_URL = process.env.TEST_REDIS_URL;
      env.REDIS_KEY_PREFIX = `${database.name}:`;
    }

    await runToCompletion(process.execPath, ['dist/db/cli/migrate.js'], {
      cwd: backendDir,
      env: { PATH: process.env.PATH, ...env },
    });
    server = spawnBackend({ from: 'build', port, env });

    const ready = await runTool('wait-for-health.ts', [
      `${baseUrl}/api/health/ready`,
      '--interval',
      '250ms',
      '--timeout',
      '60s',
    ]);
    expect(ready.code, `backend never became ready:\n${ready.output}\n${serverLog()}`).toBe(0);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('passes every check and leaves no test account behind', async () => {
    const expectFrontend = existsSync(frontendIndex);
    const result = await runTool('smoke-test.ts', [
      baseUrl,
      '--expect-commit',
      GIT_COMMIT,
      ...(expectFrontend ? ['--expect-frontend'] : []),
    ]);

    expect(result.code, `${result.output}\nbackend log:\n${serverLog()}`).toBe(0);
    for (const step of [
      'liveness',
      'readiness',
      'health summary',
      'API document',
      'register',
      'login',
      'profile',
      'refresh',
      'sessions',
      'logout',
      'refresh after logout',
      'delete account',
      'account gone',
      ...(expectFrontend ? ['frontend'] : []),
    ]) {
      expect(result.stdout).toMatch(new RegExp(`✓ ${step} +\\S.* \\(\\d`));
    }
    expect(result.stdout).toMatch(/Smoke test passed: \d+ checks in/);

    const leftover = await withClient(databaseUrl, (client) =>
      client.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE 'smoke-%'`),
    );
    expect(leftover.rows[0]).toEqual({ n: 0 });
  });

  it('fails at the health summary when another commit is serving', async () => {
    const result = await runTool('smoke-test.ts', [baseUrl, '--expect-commit', 'f'.repeat(40)]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Smoke test FAILED at "health summary"');
    expect(result.stderr).toContain('the new version is not live yet');
  });
});

describe('tools/smoke-test.ts without a running app', () => {
  it('fails at the first check with a clear message when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    const result = await runTool('smoke-test.ts', [`http://127.0.0.1:${port}`]);

    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.stdout).toMatch(/✗ liveness/);
    expect(result.stderr).toContain('Smoke test FAILED at "liveness"');
    expect(result.stderr).toContain(
      'connection refused: nothing is listening there (ECONNREFUSED)',
    );
  });

  it('takes the URL from SMOKE_BASE_URL and explains how to call it when it is missing', async () => {
    const missing = await runTool('smoke-test.ts', [], { SMOKE_BASE_URL: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('give the base URL as an argument or in SMOKE_BASE_URL');

    const port = await freePort();
    const fromEnv = await runTool('smoke-test.ts', [], {
      SMOKE_BASE_URL: `http://127.0.0.1:${port}`,
    });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stdout).toContain(`Smoke test of http://127.0.0.1:${port} (API)`);
  });

  it('stops when the whole run exceeds its time limit', async () => {
    // A server that takes requests but never answers: each request alone would wait 10 s.
    const silent = await startServer(() => {});
    try {
      const started = Date.now();
      const result = await runTool('smoke-test.ts', [silent.url, '--timeout', '1s']);
      expect(result.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(9_000);
      expect(result.stderr).toContain('Smoke test FAILED: not finished within 1.0 s');
    } finally {
      await silent.close();
    }
  });
});
