import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from './paths.js';
import { missingService, missingTool, skipReason } from './skips.js';

const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

/** Runs the fixture test file in its own Vitest, as CI would run a test file. */
function runFixture(
  env: Record<string, string | undefined>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--config',
        'vitest.config.ts',
      ],
      { cwd: fixtures, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a test that needs a missing tool', () => {
  it('skips with the reason outside CI', async () => {
    const run = await runFixture({ CI: '' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/SKIP: gv-no-such-tool is not installed \(it does not exist\)/);
    expect(run.output).toMatch(/1 skipped/);
  });

  it('fails the run in CI, naming what is missing', async () => {
    const run = await runFixture({ CI: 'true' });
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).toContain(
      'CI must run this test, but it would skip: gv-no-such-tool is not installed',
    );
  });
});

describe('the causes that may skip in CI', () => {
  it('lets an allowed cause skip in CI and names it', () => {
    vi.stubEnv('CI', 'true');
    expect(skipReason('npm audit endpoint unavailable: 405', 'registry-without-audit')).toBe(
      'npm audit endpoint unavailable: 405',
    );
  });

  it('refuses any other reason in CI', () => {
    vi.stubEnv('CI', 'true');
    expect(() => skipReason('npm audit gave no report: ETIMEDOUT')).toThrow(
      /CI must run this test/,
    );
  });

  it('lets a run leave PostgreSQL out on purpose with an empty TEST_DATABASE_URL', () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('TEST_DATABASE_URL', '');
    expect(missingService('TEST_DATABASE_URL')).toBe('TEST_DATABASE_URL is not set');
  });

  it('fails in CI when TEST_DATABASE_URL is not set at all', () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('TEST_DATABASE_URL', undefined);
    expect(() => missingService('TEST_DATABASE_URL')).toThrow(/TEST_DATABASE_URL is not set/);
  });

  it('does not skip for a tool that is there', () => {
    vi.stubEnv('CI', 'true');
    expect(missingTool('sh', 'part of every system')).toBeNull();
  });
});
