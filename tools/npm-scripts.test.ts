// A failing `npm run` script ends with its own one clear message, not npm's lines about the
// lifecycle script that failed in a workspace.
import path from 'node:path';
import { startProcess } from '@gv/testing';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');

describe('npm scripts at the repository root', () => {
  it('print the command’s own message and no npm noise when they fail', async () => {
    const run = startProcess('npm', ['run', 'db:migrate'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: 'mysql://nope' },
    });
    expect(await run.exited).toBe(1);
    const output = run.output();
    expect(output).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(output).not.toMatch(/npm (error|ERR!)/);
  }, 120_000);
});
