// Goal 5: from spawning the server to its first ready answer, when nothing changed since the last
// start: on PostgreSQL, on the embedded database, and through `npm start` when it does not rebuild.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { explainStartUp } from '../lib/explain.js';
import { formatNumber } from '../lib/format.js';
import { atMost, evaluateTarget } from '../lib/goals.js';
import { median, type Bench } from '../lib/harness.js';
import { repoRoot } from '../lib/processes.js';

const readyGoal = atMost(3_000);
const attempts = 3;

async function timeStarts(bench: Bench, name: string, embedded: boolean): Promise<number[]> {
  const times: number[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const server = await bench.startBackend(name, { embedded });
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

/**
 * `npm start` is measured only when its script does not run a build: one that rebuilds takes
 * as long as the build whatever changed, and would rewrite backend/dist under the other runs.
 */
async function measureNpmStart(bench: Bench): Promise<void> {
  const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = packageJson.scripts?.start ?? '';
  if (/\bnpm run build\b/.test(script)) {
    bench.notes.push(
      `\`npm start\` was not timed: its script (\`${script}\`) runs the build first, so it ` +
        `rebuilds whether or not anything changed.`,
    );
    return;
  }
  const npm = process.env.npm_execpath;
  if (!npm) {
    bench.notes.push('`npm start` was not timed: run the benchmark through `npm run bench`.');
    return;
  }
  const server = path.join(repoRoot, 'backend/dist/server.js');
  const builtAt = statSync(server).mtimeMs;
  const started = await bench.startDetached('npm-start', [npm, 'start'], {
    ...bench.backendEnv({ embedded: true }),
  });
  await bench.stop(started);
  const rebuilt = statSync(server).mtimeMs !== builtAt;
  bench.targets.push(
    evaluateTarget({
      name: 'Start to ready, `npm start` (embedded)',
      measured: `${formatNumber(started.readyMs)} ms${rebuilt ? '; it rebuilt backend/dist' : ''}`,
      value: started.readyMs,
      unit: 'ms',
      goal: readyGoal,
      why: rebuilt
        ? `It rebuilt backend/dist although nothing had changed. ${explainStartUp({ medianMs: started.readyMs })}`
        : explainStartUp({ medianMs: started.readyMs, importMs: bench.parts?.importMs }),
    }),
  );
}

export async function measureStartUp(bench: Bench): Promise<void> {
  bench.step(`Start to ready: ${attempts} starts on the migrated PostgreSQL database`);
  startTarget(
    bench,
    'Start to ready, PostgreSQL (nothing changed)',
    await timeStarts(bench, 'backend-start', false),
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
    await timeStarts(bench, 'backend-embedded', true),
  );
  await measureNpmStart(bench);
}
