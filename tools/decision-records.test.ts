// The decision records stay findable: each has a date and a status, and the index lists them all.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTool } from './testing/run-tool.js';

const README = `# Decision records\n\n<!-- index:start (written by npm run decisions) -->\n<!-- index:end -->\n`;
const record = (title: string, header: string) => `# ${title}\n\n${header}\n\n## Context\n\nWhy.\n`;

describe('tools/decision-records.ts', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const fixture = (files: Record<string, string>) => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gv-decisions-'));
    for (const [name, text] of Object.entries({ 'README.md': README, ...files })) {
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  };

  it("holds the project's own records: dated, with a status, all in the index", async () => {
    const result = await runTool('decision-records.ts', ['--check']);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/\d+ decision records, each with a date and status, all indexed/);
  });

  it('writes the index in number order and then finds nothing to complain about', async () => {
    const folder = fixture({
      '011-second.md': record('011 — Second', 'Date: 2026-02-01\n\nStatus: superseded by 012'),
      '010-first.md': record('010 — First', 'Date: 2026-01-01\n\nStatus: accepted'),
    });
    const stale = await runTool('decision-records.ts', ['--check', '--dir', folder]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('the index does not match the records');

    const written = await runTool('decision-records.ts', ['--dir', folder]);
    expect(written.code, written.output).toBe(0);
    const index = readFileSync(path.join(folder, 'README.md'), 'utf8');
    expect(index).toContain(
      '- [010 — First](010-first.md) · accepted · 2026-01-01\n' +
        '- [011 — Second](011-second.md) · superseded by 012 · 2026-02-01',
    );
    const check = await runTool('decision-records.ts', ['--check', '--dir', folder]);
    expect(check.code, check.output).toBe(0);
  });

  it('names the record that has no date or an unknown status', async () => {
    const folder = fixture({
      '020-undated.md': record('020 — Undated', 'Status: accepted'),
      '021-vague.md': record('021 — Vague', 'Date: 2026-03-01\n\nStatus: maybe'),
    });
    const result = await runTool('decision-records.ts', ['--check', '--dir', folder]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('020-undated.md: no "Date: YYYY-MM-DD" under the title');
    expect(result.stderr).toContain('021-vague.md: no "Status: proposed|accepted|deprecated');
  });
});
