// Every tool is called the same way: `--help` prints its usage, durations read like `30s` or
// `5m`, and a mistake on the command line is one plain line on stderr with exit code 2, before
// anything touches a cluster, a URL or GitHub.
import { describe, expect, it } from 'vitest';
import { runTool } from './testing/run-tool.js';

const TOOLS = [
  'dev.ts',
  'smoke-test.ts',
  'wait-for-health.ts',
  'monitor-window.ts',
  'rollout.ts',
  'release-manifest.ts',
  'terraform-plan-comment.ts',
  'blue-green/cli.ts',
];

/** Mistakes in each tool's durations, with the rest of the command line valid. */
const BAD_DURATIONS: [string, string[], string][] = [
  ['wait-for-health.ts', ['http://127.0.0.1:1', '--timeout', 'soon'], '--timeout'],
  ['smoke-test.ts', ['http://127.0.0.1:1', '--timeout', '2 minutes'], '--timeout'],
  [
    'monitor-window.ts',
    ['--prometheus-url', 'http://127.0.0.1:1', '--duration', 'x'],
    '--duration',
  ],
  ['rollout.ts', ['undo', '--timeout', '5 min'], '--timeout'],
  ['blue-green/cli.ts', ['--env', 'production', '--image', 'v1', '--watch', 'later'], '--watch'],
];

describe('the tools, called the same way', () => {
  it.each(TOOLS)('%s prints its usage for --help and exits 0', async (tool) => {
    const result = await runTool(tool, ['--help']);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/^Usage: /);
    expect(result.stdout).toMatch(/-h, --help/);
  });

  it.each(TOOLS)('%s refuses an unknown option in one line, exit 2', async (tool) => {
    const result = await runTool(tool, ['--no-such-option']);
    expect(result.code, result.output).toBe(2);
    expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
    expect(result.stderr).toContain('--no-such-option');
    expect(result.stdout).toBe('');
  });

  it.each(BAD_DURATIONS)(
    '%s names the bad duration in one line, exit 2',
    async (tool, args, flag) => {
      const result = await runTool(tool, args);
      expect(result.code, result.output).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`${flag} must be a duration such as 500ms, 30s, 5m or 1h`);
    },
  );

  it('deploy:blue-green takes its watch window as a duration, like every other tool', async () => {
    const result = await runTool('blue-green/cli.ts', [
      ...['--env', 'production', '--image', '3f2a1b9', '--dry-run'],
      ...['--watch', '2m', '--interval', '30s'],
    ]);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("Watching the green track's error rate for 2 min 0 s");
    expect(result.stdout).toContain('would sample 4 times');
  });
});
