// The four dashboards against the JSON Schema generated from Grafana's dashboard types, and
// dashboards copied aside with a planted typo to prove the check reports what Grafana would
// silently ignore (a misspelt key is dropped on load, so the panel just looks wrong).
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkDashboardFolder,
  dashboardSchemaFile,
} from '../../policy/monitoring/grafana-schema.js';
import { dashboardsDir } from '../../policy/monitoring/monitoring-files.js';

const scratchDirs: string[] = [];

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** Violations for one dashboard copied into a temporary folder after `plant` changed its text. */
function violationsWithPlanted(file: string, plant: (text: string) => string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'grafana-planted-'));
  scratchDirs.push(dir);
  const target = path.join(dir, file);
  cpSync(path.join(dashboardsDir, file), target);
  const original = readFileSync(target, 'utf8');
  const planted = plant(original);
  expect(planted, `the plant did not change ${file}`).not.toBe(original);
  writeFileSync(target, planted);
  return checkDashboardFolder(dir);
}

describe('Grafana dashboards against the schema of Grafana’s dashboard types', () => {
  it('use a schema generated from @grafana/schema', () => {
    const schema = JSON.parse(readFileSync(dashboardSchemaFile, 'utf8')) as { $comment: string };
    expect(schema.$comment).toMatch(/from Dashboard in @grafana\/schema@\d+\.\d+\.\d+/);
  });

  it('accept all four dashboards', () => {
    expect(readdirSync(dashboardsDir).filter((name) => name.endsWith('.json'))).toHaveLength(4);
    expect(checkDashboardFolder(dashboardsDir)).toEqual([]);
  });
});

describe('planted mistakes in a dashboard are reported', () => {
  it('a panel with gridpos instead of gridPos', () => {
    const violations = violationsWithPlanted('service-overview.json', (text) =>
      text.replace(/("type": "timeseries",[\s\S]*?)"gridPos"/, '$1"gridpos"'),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /^service-overview\.json \/panels\/\d+ \("[^"]+"\): unknown key "gridpos"$/,
      ),
    ]);
  });

  it('a unit misspelt as unitt in fieldConfig.defaults', () => {
    const violations = violationsWithPlanted('database.json', (text) =>
      text.replace('"unit":', '"unitt":'),
    );
    expect(violations).toEqual([
      'database.json /panels/1/fieldConfig/defaults ("Pool connections by state"): unknown key "unitt"',
    ]);
  });

  it('a gridPos with a misspelt coordinate', () => {
    const violations = violationsWithPlanted('nodejs-runtime.json', (text) =>
      text.replace(/("gridPos": \{\s*)"h":/, '$1"height":'),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /^nodejs-runtime\.json \/panels\/0\/gridPos \("[^"]+"\): missing required key "h"$/,
      ),
      expect.stringMatching(
        /^nodejs-runtime\.json \/panels\/0\/gridPos \("[^"]+"\): unknown key "height"$/,
      ),
    ]);
  });

  it('a row with a misspelt key', () => {
    const violations = violationsWithPlanted('auth-sessions.json', (text) =>
      text.replace(/("type": "row",[\s\S]*?)"collapsed"/, '$1"colapsed"'),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /^auth-sessions\.json \/panels\/\d+ \("[^"]+"\): missing required key "collapsed"$/,
      ),
      expect.stringMatching(
        /^auth-sessions\.json \/panels\/\d+ \("[^"]+"\): unknown key "colapsed"$/,
      ),
    ]);
  });

  it('an unknown top-level key, such as the __inputs of a dashboard exported for sharing', () => {
    const violations = violationsWithPlanted('auth-sessions.json', (text) =>
      text.replace(/^\{/, '{\n  "__inputs": [],'),
    );
    expect(violations).toEqual(['auth-sessions.json /: unknown key "__inputs"']);
  });
});
