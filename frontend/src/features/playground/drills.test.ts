import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRILLS } from './drills';

const repoRoot = path.resolve(__dirname, '../../../..');

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

describe('drills', () => {
  it('link to runbooks and lab book sections that exist', () => {
    for (const drill of DRILLS) {
      const [file, anchor] = drill.doc.split('#') as [string, string | undefined];
      expect(existsSync(path.join(repoRoot, file)), drill.doc).toBe(true);
      if (!anchor) continue;
      const headings = readFileSync(path.join(repoRoot, file), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('#'))
        .map((line) => anchorOf(line.replace(/^#+\s*/, '')));
      expect(headings, drill.doc).toContain(anchor);
    }
  });

  it('name the alerts the shipped rules define', () => {
    const rules = ['gv-backend-alerts.yml', 'security-alerts.yml', 'platform-alerts.yml']
      .map((file) =>
        readFileSync(path.join(repoRoot, 'infra/monitoring/prometheus/rules', file), 'utf8'),
      )
      .join('\n');
    for (const drill of DRILLS) {
      if (drill.alert) expect(rules, drill.name).toContain(`alert: ${drill.alert}\n`);
    }
  });
});
