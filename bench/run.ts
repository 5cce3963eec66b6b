// `npm run bench`: measures the production build of the backend against baselines measured in the
// same run, explains each missed goal from that run's CPU profiles and memory split, prints the
// results and writes docs/performance.md.
//
// Environment: BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a PostgreSQL server where a fresh
// database may be created; BENCH_DURATION sets the seconds per measured run (default 10),
// BENCH_SOAK the memory soak (default 60); BENCH_OUTPUT the report path (default
// docs/performance.md); BENCH_PROFILE_DIR keeps the CPU profiles there; BENCH_ONLY runs only the
// named scenarios (e.g. `liveness,profile-read`), to iterate on one, and then writes no report.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { createBenchDatabase } from './lib/database.js';
import { formatNumber } from './lib/format.js';
import { Bench, postJson, settings } from './lib/harness.js';
import { ensureProductionBuild, machineInfo, type MachineInfo } from './lib/machine.js';
import { repoRoot, runNode } from './lib/processes.js';
import { consoleSummary, markdownReport, missedTargets, type Report } from './lib/report.js';
import { METHOD } from './method.js';
import { measureLiveness } from './scenarios/liveness.js';
import { measureLogPages } from './scenarios/log-pages.js';
import { measureLogin } from './scenarios/login.js';
import { measureMemory, measureParts } from './scenarios/memory.js';
import { measureProfileRead } from './scenarios/profile-read.js';
import { measureScaling } from './scenarios/scaling.js';
import { measureStartUp } from './scenarios/start-up.js';

const bench = new Bench();

process.on('SIGINT', () => {
  process.stdout.write('\nInterrupted; stopping servers and dropping the benchmark database...\n');
  void bench.cleanUp().finally(() => process.exit(130));
});

/** The accounts the authenticated runs use: the seeded admin, and a member registered now. */
async function createAccounts() {
  const backend = await bench.startBackend('backend-accounts');
  const adminSignIn = await postJson(`${backend.baseUrl}/api/auth/login`, bench.admin);
  const registered = await postJson(`${backend.baseUrl}/api/auth/register`, {
    ...bench.member,
    name: 'Bench User',
  });
  await bench.stop(backend);
  return {
    auth: { authorization: `Bearer ${String(registered.accessToken)}` },
    userId: (registered.user as { id: string }).id,
    adminToken: String(adminSignIn.accessToken),
    adminId: (adminSignIn.user as { id: string }).id,
  };
}

function reportOf(bench: Bench, machine: MachineInfo): Report {
  return {
    machine,
    settings: [
      ['Server', '`node backend/dist/server.js` (production build)'],
      [
        'PostgreSQL mode',
        `NODE_ENV=production, a fresh database for the run, DATABASE_POOL_MAX=${settings.poolMax}`,
      ],
      [
        'Embedded mode',
        'as `npm start` runs it: no DATABASE_URL, no NODE_ENV, DATA_DIR in a temporary directory',
      ],
      ['LOG_LEVEL', 'not set: the product default (info), an access-log line per request'],
      ['RATE_LIMIT_ENABLED', 'false: every request comes from one address'],
      ['Load generator', 'autocannon 8 in the benchmark process, on the same machine'],
      [
        'Run length',
        `${settings.durationSeconds} s measured after a 3 s warm-up; soak ${settings.soakSeconds} s`,
      ],
    ],
    targets: bench.targets,
    runs: bench.runs,
    latency: bench.latency,
    profiles: bench.profiles,
    memory: bench.memory,
    notes: bench.notes,
    totalSeconds: (performance.now() - bench.startedAt) / 1000,
  };
}

/** The scenarios BENCH_ONLY names, or null to run them all; an unknown name stops the run. */
function onlyScenarios(known: string[]): Set<string> | null {
  const names = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) return null;
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_ONLY names unknown scenarios (${unknown.join(', ')}); known: ${known.join(', ')}.`,
    );
  }
  return new Set(names);
}

async function main(): Promise<void> {
  bench.step('Preparing');
  ensureProductionBuild();
  const machine = await machineInfo(settings.serverUrl);
  bench.machine = machine;
  process.stdout.write(
    `  ${machine.cpus} cores, ${formatNumber(machine.memoryGiB, 1)} GiB, Node.js ${machine.node}, ` +
      `${machine.postgres}, load average ${formatNumber(machine.loadAverage, 2)}\n`,
  );
  if (machine.loadAverage > machine.cpus / 2) {
    process.stdout.write(
      '  note: other programs are keeping the CPU busy; the figures will be noisier than usual\n',
    );
  }
  const database = await createBenchDatabase(settings.serverUrl);
  bench.database = database;
  process.stdout.write(`  created database ${database.name}\n`);
  await runNode(['backend/dist/db/cli/migrate.js'], { DATABASE_URL: database.url });
  process.stdout.write('  migrations applied\n');

  // Created after the start-up runs, which measure a backend on a database nobody has used yet.
  let created: Awaited<ReturnType<typeof createAccounts>> | undefined;
  const accounts = async () => (created ??= await createAccounts());
  const scenarios: [string, () => Promise<void>][] = [
    ['memory-parts', () => measureParts(bench)],
    ['start-up', () => measureStartUp(bench)],
    ['liveness', () => measureLiveness(bench)],
    ['profile-read', () => accounts().then((a) => measureProfileRead(bench, a.auth, a.userId))],
    // The sign-ins are the member's: run alone, the scenario still needs the account made first.
    ['login', () => accounts().then(() => measureLogin(bench))],
    ['log-pages', () => accounts().then((a) => measureLogPages(bench, a.adminToken, a.adminId))],
    ['memory', () => accounts().then((a) => measureMemory(bench, a.auth))],
    ['scaling', () => accounts().then((a) => measureScaling(bench, a.auth))],
  ];
  const only = onlyScenarios(scenarios.map(([name]) => name));
  for (const [name, measure] of scenarios) if (!only || only.has(name)) await measure();
  await database.drop();
  if (only) {
    process.stdout.write(consoleSummary(reportOf(bench, machine)));
    bench.step('Done (BENCH_ONLY is set: docs/performance.md is left as it was)');
    return;
  }

  const report = reportOf(bench, machine);
  process.stdout.write(consoleSummary(report));
  // Formatted as `npm run format` would, so the generated page passes the format check.
  const { outputPath } = settings;
  const options = (await prettier.resolveConfig(outputPath)) ?? {};
  writeFileSync(
    outputPath,
    await prettier.format(markdownReport(report, METHOD), { ...options, filepath: outputPath }),
  );
  const withGoal = bench.targets.filter((target) => target.goal).length;
  const shown = outputPath.startsWith(`${repoRoot}/`)
    ? path.relative(repoRoot, outputPath)
    : outputPath;
  bench.step(`Wrote ${shown}: ${withGoal - missedTargets(report).length} of ${withGoal} goals met`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(
      `\nBenchmark failed: ${error instanceof Error ? error.message : String(error)}\n` +
        `Check that PostgreSQL answers at ${new URL(settings.serverUrl).host} and that the build ` +
        `works (npm run build -w packages/contract -w backend).\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => bench.cleanUp());
