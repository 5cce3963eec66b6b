// Goal 5: from spawning the server to its first ready answer, when nothing changed since the last
// start: on PostgreSQL, on the embedded database, and through `npm start` when it does not rebuild.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { explainStartUp } from '../lib/explain.js';
import { formatNumber } from '../lib/format.js';
import { atMost, evaluateTarget } from '../lib/goals.js';
import { median, type Bench } from '../lib/harness.js';
import { repoRoot, type ServerProcess } from '../lib/processes.js';

const readyGoal = atMost(3_000);
const attempts = 3;

/** Starts a server `attempts` times with `start`, stopping each once ready; their ready times. */
async function timeStarts(
  bench: Bench,
  name: string,
  start: () => Promise<ServerProcess>,
): Promise<number[]> {
  const times: number[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const server = await start();
    times.push(server.readyMs);
    process.stdout.write(`  ${name} ${attempt}: ready after ${Math.round(server.readyMs)} ms\n`);
    await bench.stop(server);
  }
  return times;
}

function startTarget(bench: Bench, name: string, times: number[]) {
  const value = median(times);
  bench.targets.push(
    evaluateTarget({
      name,
      measured: `median of ${times.map((ms) => formatNumber(ms)).join(', ')} ms`,
      value,
      unit: 'ms',
      goal: readyGoal,
      why: explainStartUp({ medianMs: value, importMs: bench.parts?.importMs }),
    }),
  );
}

interface StartScript {
  BUILD_STEPS: Array<{ name: string }>;
  whyBuild(root: string, step: { name: string }): string | null;
}

/**
 * What `npm start` would build before serving, asked of its own script (tools/start.mjs), so the
 * answer follows its rules. Empty when nothing changed.
 */
async function npmStartWouldBuild(): Promise<string[]> {
  const script = (await import(
    pathToFileURL(path.join(repoRoot, 'tools/start.mjs')).href
  )) as StartScript;
  return script.BUILD_STEPS.flatMap((step) => {
    const reason = script.whyBuild(repoRoot, step);
    return reason ? [`${step.name} (${reason})`] : [];
  });
}

/**
 * `npm start` is timed only when it has nothing to build: with a build first it takes as long as
 * the build, and would rewrite the output under the other runs.
 */
async function measureNpmStart(bench: Bench): Promise<void> {
  const npm = process.env.npm_execpath;
  if (!npm) {
    bench.notes.push('`npm start` was not timed: run the benchmark through `npm run bench`.');
    return;
  }
  const wouldBuild = await npmStartWouldBuild();
  if (wouldBuild.length > 0) {
    bench.notes.push(
      `\`npm start\` was not timed: it would first build ${wouldBuild.join(' and ')}.`,
    );
    return;
  }
  // As many starts as the other start-up targets, and their median: one start is at the mercy
  // of whatever else the machine did in those seconds.
  let times: number[];
  try {
    times = await timeStarts(bench, 'npm-start', () =>
      bench.startDetached('npm-start', [npm, 'start'], bench.backendEnv({ embedded: true })),
    );
  } catch (error) {
    bench.notes.push(`\`npm start\` did not become ready: ${String(error).split('\n')[0]}`);
    return;
  }
  startTarget(bench, 'Start to ready, `npm start` (embedded, nothing changed)', times);
}

export async function measureStartUp(bench: Bench): Promise<void> {
  bench.step(`Start to ready: ${attempts} starts on the migrated PostgreSQL database`);
  startTarget(
    bench,
    'Start to ready, PostgreSQL (nothing changed)',
    await timeStarts(bench, 'backend-start', () => bench.startBackend('backend-start')),
  );

  bench.step(`Start to ready: embedded PGlite, a first start and ${attempts} more`);
  const first = await bench.startBackend('backend-embedded-first', { embedded: true });
  await bench.stop(first);
  bench.notes.push(
    `The first start of the embedded database, creating and migrating it in an empty DATA_DIR, ` +
      `was ready after ${formatNumber(first.readyMs)} ms.`,
  );
  startTarget(
    bench,
    'Start to ready, embedded PGlite (nothing changed)',
    await timeStarts(bench, 'backend-embedded', () =>
      bench.startBackend('backend-embedded', { embedded: true }),
    ),
  );
  await measureNpmStart(bench);
}
