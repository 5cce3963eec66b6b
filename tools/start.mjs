// @ts-check
// `npm start`: builds only what changed since the last build, with progress, then runs the server
// in this same process (the all-in-one mode: API and console on PORT, embedded database unless
// DATABASE_URL is set). Plain JavaScript that node runs directly, so a start with nothing to build
// costs no compiler and no second process; decision 178 explains the choices.
import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {object} BuildStep
 * @property {string} name what a person reads in the progress lines
 * @property {string} workspace the npm workspace whose `build` script makes it
 * @property {string[]} sources files and folders, relative to the root, the output is made from
 * @property {string} output a file every successful build writes
 */

/** Read by every step: the dependencies' versions and the shared compiler settings. */
const SHARED_SOURCES = ['package-lock.json', 'tsconfig.base.json'];

/** In build order: the backend and the console both read the contract. @type {BuildStep[]} */
export const BUILD_STEPS = [
  {
    name: 'the API contract',
    workspace: 'packages/contract',
    sources: [
      'packages/contract/src',
      'packages/contract/package.json',
      'packages/contract/tsconfig.json',
      'packages/contract/tsconfig.build.json',
    ],
    output: 'packages/contract/dist/index.js',
  },
  {
    name: 'the backend',
    workspace: 'backend',
    sources: [
      'backend/src',
      'backend/package.json',
      'backend/tsconfig.json',
      'backend/tsconfig.build.json',
      'packages/contract/src',
    ],
    output: 'backend/dist/server.js',
  },
  {
    name: 'the console',
    workspace: 'frontend',
    sources: [
      'frontend/src',
      'frontend/public',
      'frontend/index.html',
      'frontend/vite.config.ts',
      'frontend/package.json',
      'frontend/tsconfig.json',
      'frontend/build',
      'packages/contract/src',
    ],
    output: 'frontend/dist/index.html',
  },
];

/** Tests never reach a build's output, so editing one does not make a rebuild. */
const NOT_BUILT = /(\.test\.tsx?$)|(^|\/)(__tests__|test-support|test)(\/|$)/;

/**
 * Every file under `sources` as a "path size mtime" line, sorted, and the newest modification time
 * of those files and their folders (a folder's changes when an entry is added, removed or renamed).
 * @param {string} root
 * @param {string[]} sources
 */
function scanSources(root, sources) {
  /** @type {string[]} */
  const lines = [];
  let newestMtimeMs = 0;
  /** @param {string} relative */
  const visit = (relative) => {
    if (NOT_BUILT.test(relative)) return;
    const absolute = path.join(root, relative);
    if (!existsSync(absolute)) return;
    const stats = statSync(absolute);
    newestMtimeMs = Math.max(newestMtimeMs, stats.mtimeMs);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(absolute)) visit(path.posix.join(relative, entry));
    } else {
      lines.push(`${relative} ${stats.size} ${stats.mtimeMs}`);
    }
  };
  for (const source of [...SHARED_SOURCES, ...sources]) visit(source);
  return { lines: [...new Set(lines)].sort(), newestMtimeMs };
}

/**
 * A digest of the names, sizes and modification times of a step's sources: it changes when a file
 * is edited, added, removed or renamed (or its time goes back), without reading any contents.
 * @param {string} root
 * @param {BuildStep} step
 */
export function sourceFingerprint(root, step) {
  const { lines } = scanSources(root, step.sources);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** @param {string} root */
const recordFile = (root) => path.join(root, 'node_modules', '.cache', 'gv-start.json');

/**
 * What the last builds started here left: the fingerprint the output was built from and the
 * output's time, or that the build failed. `npm ci` clearing node_modules forgets it.
 * @typedef {{ sources: string, outputMtimeMs: number } | { failed: true }} BuildRecord
 * @param {string} root
 * @returns {Record<string, BuildRecord>}
 */
function readRecord(root) {
  try {
    return JSON.parse(readFileSync(recordFile(root), 'utf8'));
  } catch {
    return {};
  }
}

/**
 * @param {string} root
 * @param {BuildStep} step
 * @param {BuildRecord} entry
 */
function writeRecord(root, step, entry) {
  const record = readRecord(root);
  record[step.workspace] = entry;
  mkdirSync(path.dirname(recordFile(root)), { recursive: true });
  writeFileSync(recordFile(root), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Why `step` must be built, or null when its output is up to date.
 * @param {string} root
 * @param {BuildStep} step
 * @returns {string | null}
 */
export function whyBuild(root, step) {
  const output = path.join(root, step.output);
  if (!existsSync(output)) return 'not built yet';
  const recorded = readRecord(root)[step.workspace];
  // The compiler writes its output even when it reports errors: never start on that.
  if (recorded && 'failed' in recorded) return 'the last build failed';
  const outputMtimeMs = statSync(output).mtimeMs;
  if (recorded && recorded.outputMtimeMs === outputMtimeMs) {
    return recorded.sources === sourceFingerprint(root, step) ? null : 'sources changed';
  }
  // Built by another command (npm run build, npm test): up to date if newer than every source.
  const { newestMtimeMs } = scanSources(root, step.sources);
  return newestMtimeMs < outputMtimeMs ? null : 'sources changed since the last build';
}

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs `npm run build` in the step's workspace, its own output shown as it comes, with a line
 * every 10 s while the compiler is silent.
 * @param {string} root
 * @param {BuildStep} step
 * @param {(line: string) => void} print
 * @returns {Promise<boolean>} whether it succeeded
 */
function runBuild(root, step, print) {
  const started = Date.now();
  const ticker = setInterval(
    () => print(`  … still building ${step.name} (${seconds(Date.now() - started)})`),
    10_000,
  );
  return new Promise((resolve) => {
    // --silent: npm's own banner and failure lines add nothing to the compiler's messages.
    const child = spawn('npm', ['run', 'build', '--silent', '-w', step.workspace], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) print(`  built ${step.name} in ${seconds(Date.now() - started)}`);
      resolve(code === 0);
    });
  });
}

/**
 * Builds the steps whose output is out of date, in order. Returns the step that failed, or null.
 * @param {string} root
 * @param {BuildStep[]} steps
 * @param {(line: string) => void} print
 * @param {(root: string, step: BuildStep, print: (line: string) => void) => Promise<boolean>} build
 */
export async function buildWhatChanged(root, steps, print, build = runBuild) {
  for (const step of steps) {
    const reason = whyBuild(root, step);
    if (!reason) continue;
    const sources = sourceFingerprint(root, step);
    print(`Building ${step.name} (${reason})…`);
    if (!(await build(root, step, print))) {
      writeRecord(root, step, { failed: true });
      return step;
    }
    writeRecord(root, step, {
      sources,
      outputMtimeMs: statSync(path.join(root, step.output)).mtimeMs,
    });
  }
  return null;
}

const USAGE = `Usage: npm start

  Builds what changed since the last build (the contract, the backend, the console), then serves
  the whole application on PORT (3000) with the embedded database in backend/.data, or on
  DATABASE_URL. Settings come from the environment and .env (see .env.example).
  -h, --help   show this text`;

async function buildOrExit() {
  let anyBuilt = false;
  /** @param {string} line */
  const print = (line) => {
    anyBuilt = true;
    console.log(line);
  };
  const failed = await buildWhatChanged(repoRoot, BUILD_STEPS, print);
  if (failed) {
    console.error(
      `npm start: building ${failed.name} failed (its errors are above); fix them and run npm start again.`,
    );
    process.exit(1);
  }
  if (!anyBuilt) {
    console.log('Nothing to build: the contract, the backend and the console are up to date.');
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (args.length > 0) {
    console.error(`npm start: unexpected arguments: ${args.join(' ')} (see --help)`);
    process.exit(2);
  }
  // With WEB_CONCURRENCY > 1 the server forks workers that run this file again: the primary has
  // already built what was needed.
  if (!cluster.isWorker) await buildOrExit();
  // The server runs where `npm run start -w backend` would run it: DATA_DIR=./.data is backend/.data.
  process.chdir(path.join(repoRoot, 'backend'));
  await import(pathToFileURL(path.join(repoRoot, 'backend', 'dist', 'server.js')).href);
}

// Imported by its test for the functions above; run by `npm start`.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
