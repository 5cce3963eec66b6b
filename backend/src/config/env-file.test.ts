import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loadEnvFile } from './env-file.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gv-env-file-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(() => {
  vi.unstubAllEnvs();
  delete process.env.GV_FROM_FILE;
  delete process.env.GV_SET_IN_BOTH;
});

describe('the settings file', () => {
  it('fills in what the environment lacks, and never overrides what it sets', () => {
    const file = path.join(dir, 'settings.env');
    writeFileSync(file, 'GV_FROM_FILE=file\nGV_SET_IN_BOTH=file\n');
    vi.stubEnv('ENV_FILE', file);
    vi.stubEnv('GV_SET_IN_BOTH', 'environment');
    expect(loadEnvFile()).toBe(file);
    expect(process.env.GV_FROM_FILE).toBe('file');
    expect(process.env.GV_SET_IN_BOTH).toBe('environment');
  });

  it('is not read by a process that npm did not start, unless ENV_FILE names it', () => {
    vi.stubEnv('ENV_FILE', undefined);
    vi.stubEnv('npm_lifecycle_event', undefined);
    expect(loadEnvFile()).toBeUndefined();
  });

  it('must exist when ENV_FILE names it', () => {
    vi.stubEnv('ENV_FILE', path.join(dir, 'missing.env'));
    expect(() => loadEnvFile()).toThrow(/missing\.env, which does not exist/);
  });
});
