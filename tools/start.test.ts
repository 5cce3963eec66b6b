// `npm start` builds only what changed: checked on a small tree of its own with a stand-in build,
// so the test never rewrites the repository's dist folders.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_STEPS, buildWhatChanged, whyBuild, type BuildStep } from './start.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');

const steps: BuildStep[] = [
  { name: 'the library', workspace: 'lib', sources: ['lib/src'], output: 'lib/dist/index.js' },
  {
    name: 'the app',
    workspace: 'app',
    sources: ['app/src', 'lib/src'],
    output: 'app/dist/main.js',
  },
];

let root = '';
let built: string[] = [];
let failing = new Set<string>();
const printed: string[] = [];

/** Stands in for `npm run build -w <workspace>`: writes the output, or fails like a compiler. */
async function build(at: string, step: BuildStep): Promise<boolean> {
  built.push(step.workspace);
  const output = path.join(at, step.output);
  mkdirSync(path.dirname(output), { recursive: true });
  // A compiler that reports errors still writes its output.
  writeFileSync(output, 'built');
  return !failing.has(step.workspace);
}

const start = () => buildWhatChanged(root, steps, (line) => printed.push(line), build);

/** Writes a file with a modification time `secondsAgo` in the past. */
function write(relative: string, text: string, secondsAgo = 0): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  const time = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, time, time);
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'gv-start-'));
  built = [];
  failing = new Set();
  printed.length = 0;
  write('package-lock.json', '{}', 600);
  write('lib/src/index.ts', 'export const a = 1;', 600);
  write('lib/src/index.test.ts', 'test', 600);
  write('app/src/main.ts', 'import "lib";', 600);
  // Folders count as sources too (their time changes when a file is added or removed).
  const tenMinutesAgo = new Date(Date.now() - 600_000);
  for (const folder of ['lib/src', 'app/src']) {
    utimesSync(path.join(root, folder), tenMinutesAgo, tenMinutesAgo);
  }
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm start', () => {
  it('builds everything the first time, saying why, then nothing while nothing changed', async () => {
    expect(await start()).toBeNull();
    expect(built).toEqual(['lib', 'app']);
    expect(printed).toContain('Building the library (not built yet)…');

    built = [];
    expect(await start()).toBeNull();
    expect(built).toEqual([]);
  });

  it('rebuilds what an edited source feeds, and nothing for an edited test', async () => {
    await start();
    built = [];
    write('app/src/main.ts', 'import "lib"; // edited');
    await start();
    expect(built).toEqual(['app']);

    built = [];
    write('lib/src/index.test.ts', 'test, edited');
    await start();
    expect(built).toEqual([]);

    write('lib/src/index.ts', 'export const a = 2;');
    await start();
    expect(built).toEqual(['lib', 'app']);
  });

  it('rebuilds when a source is removed, or put back with an older time', async () => {
    write('app/src/extra.ts', 'export {};', 600);
    await start();
    built = [];
    unlinkSync(path.join(root, 'app/src/extra.ts'));
    await start();
    expect(built).toEqual(['app']);

    built = [];
    write('app/src/main.ts', 'import "lib"; // from an old backup', 3600);
    await start();
    expect(built).toEqual(['app']);
  });

  it('rebuilds when the output is missing', async () => {
    await start();
    built = [];
    rmSync(path.join(root, 'app/dist'), { recursive: true });
    expect(whyBuild(root, steps[1]!)).toBe('not built yet');
    await start();
    expect(built).toEqual(['app']);
  });

  it('trusts a build another command made after the last change, not one made before it', async () => {
    write('lib/dist/index.js', 'built by npm run build');
    expect(whyBuild(root, steps[0]!)).toBeNull();

    write('lib/dist/index.js', 'built by npm run build', 60);
    write('lib/src/index.ts', 'export const a = 3;', 30);
    expect(whyBuild(root, steps[0]!)).toBe('sources changed since the last build');
  });

  it('stops at a failed build and builds it again next time, though its output exists', async () => {
    failing.add('lib');
    expect((await start())?.workspace).toBe('lib');
    expect(built).toEqual(['lib']);
    expect(existsSync(path.join(root, 'lib/dist/index.js'))).toBe(true);

    failing.clear();
    built = [];
    expect(whyBuild(root, steps[0]!)).toBe('the last build failed');
    expect(await start()).toBeNull();
    expect(built).toEqual(['lib', 'app']);
  });

  it("names the repository's real workspaces, sources and outputs", () => {
    for (const step of BUILD_STEPS) {
      expect(existsSync(path.join(repoRoot, step.workspace, 'package.json')), step.workspace).toBe(
        true,
      );
      for (const source of step.sources) {
        expect(existsSync(path.join(repoRoot, source)), source).toBe(true);
      }
      expect(step.output.startsWith(`${step.workspace}/dist/`), step.output).toBe(true);
    }
  });
});
