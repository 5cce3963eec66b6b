// The audit log at a million rows: the first page and one deep in, by cursor, read by several
// clients at once.
import { encodeCursor } from '@gv/backend/log-cursors';
import { rowAtOffset, seedLogs } from '../lib/database.js';
import { explainLatency } from '../lib/explain.js';
import { formatNumber, perSecond } from '../lib/format.js';
import { atMost, evaluateTarget } from '../lib/goals.js';
import { settings, type Bench } from '../lib/harness.js';

export async function measureLogPages(
  bench: Bench,
  adminToken: string,
  adminId: string,
): Promise<void> {
  const { logRows, deepOffset, logsConnections } = settings;
  bench.step(
    `Logs: ${formatNumber(logRows)} rows, the first page and a page ${formatNumber(deepOffset)} deep`,
  );
  const databaseUrl = bench.database!.url;
  const seedStarted = performance.now();
  await seedLogs(databaseUrl, logRows, adminId);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  process.stdout.write(`  inserted and analysed in ${formatNumber(seedSeconds, 1)} s\n`);
  bench.notes.push(
    `Inserting ${formatNumber(logRows)} log rows with one generate_series statement and ` +
      `analysing the table took ${formatNumber(seedSeconds, 1)} s.`,
  );

  const backend = await bench.startBackend('backend-logs', { profile: true });
  const cursor = encodeCursor(await rowAtOffset(databaseUrl, deepOffset));
  const pages = [
    ['first page', '/api/logs?limit=50'],
    [`page ${formatNumber(deepOffset)} rows deep`, `/api/logs?limit=50&cursor=${cursor}`],
  ] as const;
  const runs = [];
  for (const [name, path] of pages) {
    const run = await bench.load({
      label: `GET /api/logs, ${name} (50 rows)`,
      url: `${backend.baseUrl}${path}`,
      connections: logsConnections,
      headers: { authorization: `Bearer ${adminToken}` },
    });
    runs.push({ name, run });
  }
  await bench.stop(backend);

  const profile = bench.profileOf(backend);
  for (const { name, run } of runs) {
    const cost = bench.cost(profile, run);
    // autocannon reports p97.5 but no p95; p97.5 is never lower, so meeting it meets p95.
    bench.targets.push(
      evaluateTarget({
        name: `Logs ${name}, p95 at ${logsConnections} connections`,
        measured:
          `p50 ${run.latencyMs.p50} ms, p97.5 ${run.latencyMs.p97_5} ms at ` +
          perSecond(run.requestsPerSecond),
        value: run.latencyMs.p97_5,
        unit: 'ms',
        goal: atMost(20),
        failures: run.failures,
        why: explainLatency({
          valueMs: run.latencyMs.p97_5,
          percentile: 'p97.5',
          connections: logsConnections,
          target: cost,
        }),
      }),
    );
    if (cost) {
      bench.profiles.push({
        title: `GET /api/logs, ${name}, ${logsConnections} connections`,
        target: cost,
      });
    }
  }
}
