// The traffic generator against the real backend (the built server, rate limits on, on PostgreSQL
// when TEST_DATABASE_URL is set and on the embedded database otherwise): what an operator sees on
// the terminal, and the simulated people showing up in the app as real accounts with activity.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  freePort,
  missingBackendBuild,
  repoRoot,
  startBackend,
  startProcess,
  waitFor,
  type BackendProcess,
  type TestDatabase,
} from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../testing/run-tool.js';
import { runTraffic } from './generator.js';

const ADMIN = {
  email: 'operator@example.com',
  password: `Admin-${randomBytes(9).toString('hex')}`,
};

describe('traffic CLI options', () => {
  it('prints its usage for --help and exits 0', async () => {
    const result = await runTool('traffic/cli.ts', ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--users <n>');
    expect(result.stdout).toContain('--duration <d>');
  });

  it('refuses an unknown option with one line and exit code 2', async () => {
    const result = await runTool('traffic/cli.ts', [
      '--base',
      'http://127.0.0.1:1',
      '--speed',
      '3',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("'--speed'");
  });

  it('refuses a duration that is not one', async () => {
    const result = await runTool('traffic/cli.ts', ['--base', 'http://x', '--duration', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--duration must be a duration such as 500ms, 30s, 5m or 1h');
  });

  it('says plainly that nothing answers at the base URL, with exit code 1', async () => {
    const port = await freePort();
    const result = await runTool('traffic/cli.ts', [
      '--base',
      `http://127.0.0.1:${port}`,
      '--duration',
      '5s',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `traffic: cannot reach the app: http://127.0.0.1:${port}/api/health/live: ` +
        'connection refused: nothing is listening there (ECONNREFUSED)',
    );
  });
});

describe.skipIf(missingBackendBuild())('traffic against the real backend', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gv-traffic-'));
  let database: TestDatabase | undefined;
  let backend: BackendProcess | undefined;

  beforeAll(async () => {
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SERVE_FRONTEND: 'false',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
    };
    if (process.env.TEST_DATABASE_URL) {
      database = await createTestDatabase('gv_traffic');
      env.DATABASE_URL = database.url;
    }
    backend = await startBackend({ from: 'build', port: await freePort(), env });
  });

  afterAll(async () => {
    await backend?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function asAdmin(apiPath: string): Promise<Record<string, unknown>> {
    const login = await fetch(`${backend!.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: backend!.baseUrl },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const response = await fetch(`${backend!.baseUrl}/api${apiPath}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  it('prints progress lines and a summary, and its people are accounts in the app', async () => {
    const result = await runTool('traffic/cli.ts', [
      '--base',
      backend!.baseUrl,
      '--users',
      '5',
      '--rate',
      '8',
      '--duration',
      '7s',
      '--progress',
      '2s',
    ]);
    expect(result.code, result.output).toBe(0);
    const progress = result.stdout
      .split('\n')
      .filter((line) => /^\[.+\] [\d.]+ req\/s, errors [\d.]+%, p95 \d/.test(line));
    expect(progress.length, result.stdout).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toMatch(/Traffic finished after 7\.\d s: \d+ requests/);
    expect(result.stdout).toMatch(/ {2}sign-up: 5\n/);
    expect(result.stdout).toContain('errors 0.0% (0)');

    const users = (await asAdmin('/users?q=traffic-&limit=50')) as { data: { email: string }[] };
    expect(users.data.filter((user) => user.email.startsWith('traffic-'))).toHaveLength(5);
  });

  it('simulates every kind of visit, with few wrong passwords spread over people', async () => {
    // A steady rate for long enough that every weighted action comes up.
    const result = await runTraffic({
      baseUrl: backend!.baseUrl,
      users: 8,
      rate: 25,
      durationMs: 10_000,
    });
    expect(result.interrupted).toBe(false);
    expect(result.total.errors).toBe(0);
    expect(Object.keys(result.total.byAction).sort()).toEqual(
      expect.arrayContaining([
        'browse activity',
        'browse sessions',
        'edit profile',
        'refresh token',
        'sign out',
        'sign-in',
        'sign-up',
        'view profile',
      ]),
    );
    expect(result.total.byAction['sign-up']).toBe(8);
    // At most one wrong password per person between correct sign-ins: nobody gets locked out.
    expect(result.total.byAction['wrong password'] ?? 0).toBeLessThanOrEqual(
      result.total.byAction['sign-in']! + 8,
    );
    const people = (await asAdmin('/users?q=traffic-&limit=50')) as {
      data: { email: string; lockedUntil?: string | null }[];
    };
    const locked = people.data.filter(
      (user) => user.lockedUntil && Date.parse(user.lockedUntil) > Date.now(),
    );
    expect(locked).toEqual([]);

    // The people's activity is in the audit log as it would be for anyone signing in.
    const person = result.emails[0]!;
    const logs = (await asAdmin(`/logs?user=${encodeURIComponent(person)}&limit=100`)) as {
      data: { message: string }[];
    };
    expect(logs.data.length).toBeGreaterThan(0);
  }, 60_000);

  it('stops on SIGTERM and still prints its summary, with exit code 0', async () => {
    const cli = startProcess(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'tools/traffic/cli.ts'),
        '--base',
        backend!.baseUrl,
        '--users',
        '3',
        '--rate',
        '4',
        '--duration',
        '10m',
        '--progress',
        '1s',
      ],
      { cwd: repoRoot, env: { ...process.env } },
    );
    await waitFor(
      'a progress line',
      async () => (/req\/s, errors/.test(cli.output()) ? true : undefined),
      30_000,
    );
    const status = await cli.stop('SIGTERM');
    expect(status, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/Traffic stopped early after \d/);
  }, 60_000);
});
