// Turns measurements into the console summary and docs/performance.md.
import type { MemorySample } from './explain.js';
import { formatNumber, formatValue, microseconds, percent } from './format.js';
import { formatGoal, type TargetResult } from './goals.js';
import type { LoadResult } from './load.js';
import type { MachineInfo } from './machine.js';
import type { RunCost } from './profile.js';

/** Closed-loop latency of a route next to its baseline's at the same number of connections. */
export interface LatencyRow {
  route: string;
  connections: number;
  run: LoadResult;
  baselineName: string;
  baselines: LoadResult[];
}

/** A hot route's CPU profile, with its baseline's when it has one. */
export interface ProfiledRoute {
  title: string;
  target: RunCost;
  baseline?: RunCost;
  baselineName?: string;
}

export interface MemoryRow {
  what: string;
  sample: MemorySample;
}

export interface Report {
  machine: MachineInfo;
  settings: Array<[string, string]>;
  targets: TargetResult[];
  runs: LoadResult[];
  latency: LatencyRow[];
  profiles: ProfiledRoute[];
  memory: MemoryRow[];
  notes: string[];
  totalSeconds: number;
}

const metText = (target: TargetResult, no: string) =>
  target.met === undefined ? '—' : target.met ? 'yes' : no;

const targetRows = (report: Report, no: string) =>
  report.targets.map((target) => [
    target.name,
    formatValue(target.value, target.unit),
    formatGoal(target.goal, target.unit),
    metText(target, no),
    target.measured,
  ]);

const runRows = (report: Report) =>
  report.runs.map((run) => [
    run.label,
    String(run.connections),
    formatNumber(run.requestsPerSecond),
    String(run.latencyMs.p50),
    String(run.latencyMs.p99),
    String(run.latencyMs.max),
    String(run.failures),
    formatNumber(run.generatorCores, 2),
    Number.isNaN(run.machineCores) ? '—' : formatNumber(run.machineCores, 2),
  ]);
const RUN_HEADER = [
  'run',
  'conns',
  'req/s',
  'p50 ms',
  'p99 ms',
  'max ms',
  'failures',
  'generator cores',
  'machine cores',
];
const TARGET_HEADER = ['target', 'result', 'goal', 'met', 'measured'];

export const missedTargets = (report: Report) =>
  report.targets.filter((target) => target.met === false);

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

export function consoleSummary(report: Report): string {
  const missed = missedTargets(report).map((target) => `- ${target.name}: ${target.why}`);
  return [
    '',
    'Targets',
    '',
    textTable(TARGET_HEADER, targetRows(report, 'NO')),
    ...(missed.length > 0 ? ['', 'Why missed', '', ...missed] : []),
    '',
    'Load runs',
    '',
    textTable(RUN_HEADER, runRows(report)),
    '',
  ].join('\n');
}

function markdownTable(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

function latencySection(rows: LatencyRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    '## Latency under closed-loop load',
    '',
    'Each connection sends its next request when the previous answer arrives, so these are the',
    'latencies at whatever throughput the server reached, next to its baseline at the same',
    'number of connections (p99 of each baseline run). A p99 at a fixed offered load would need',
    'an open-loop load generator.',
    '',
    markdownTable(
      ['route', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'baseline', 'baseline p99 ms'],
      rows.map((row) => [
        row.route,
        String(row.connections),
        formatNumber(row.run.requestsPerSecond),
        String(row.run.latencyMs.p50),
        String(row.run.latencyMs.p99),
        row.baselineName,
        row.baselines.map((run) => String(run.latencyMs.p99)).join(', '),
      ]),
    ),
    '',
  ];
}

function profileSection(route: ProfiledRoute): string[] {
  const { target, baseline } = route;
  const baselinePackageUs = (name: string) => {
    const found = baseline?.summary.packages.find((entry) => entry.package === name);
    return found && baseline!.requests > 0 ? microseconds(found.us / baseline!.requests) : '—';
  };
  const against = baseline
    ? `; ${route.baselineName ?? 'the baseline'}: ${microseconds(baseline.usPerRequest)}`
    : '';
  return [
    `### ${route.title}`,
    '',
    `Main-thread CPU per request: ${microseconds(target.usPerRequest)}${against} ` +
      `(${formatNumber(target.summary.samples)} samples over ${formatNumber(target.requests)} requests).`,
    '',
    markdownTable(
      ['package', 'µs per request', 'share', ...(baseline ? ['baseline µs per request'] : [])],
      target.summary.packages
        .slice(0, 10)
        .map((entry) => [
          entry.package,
          formatNumber(target.requests > 0 ? entry.us / target.requests : 0),
          percent(entry.share),
          ...(baseline ? [baselinePackageUs(entry.package)] : []),
        ]),
    ),
    '',
    markdownTable(
      ['top self-time frame', 'location', 'package', 'self'],
      target.summary.frames.map((frame) => [
        `\`${frame.functionName}\``,
        `\`${frame.location}\``,
        frame.package,
        percent(frame.share),
      ]),
    ),
    '',
  ];
}

/**
 * What the backend gave up or put off to hold less memory. These are settings of the code, not
 * figures of a run: each decision record has the measurements that chose it.
 */
const MEMORY_CUTS = [
  "PGlite opens with 16 MB of shared buffers instead of PostgreSQL's 128 MB, which it touched " +
    'while starting: about 100 MiB less in embedded mode ' +
    '([decision 216](decisions/216-embedded-database-memory.md)).',
  'The password-strength estimator (zxcvbn and its dictionaries) loads with the first password ' +
    'that needs it: about 27 MiB less after start ' +
    '([decision 217](decisions/217-password-strength-loaded-on-first-use.md)).',
  'ioredis loads only when `REDIS_URL` is set, and nodemailer with the first mail: about 14 MiB ' +
    'less after start ([decision 226](decisions/226-heap-growth-and-modules-loaded-on-use.md)).',
  'V8 collects once the heap has grown by half past what survived its last full collection, ' +
    'instead of letting it grow up to fourfold: under load the heap had filled with garbage ' +
    '([decision 226](decisions/226-heap-growth-and-modules-loaded-on-use.md)).',
  "Kept: argon2id's 19 MiB per hash, held outside the V8 heap while a sign-in runs. It is the " +
    'OWASP cost, and a smaller one would weaken every stored password.',
];

function memorySection(rows: MemoryRow[]): string[] {
  if (rows.length === 0) return [];
  const cell = (value: number | undefined) => (value === undefined ? '—' : formatNumber(value, 1));
  return [
    '## Memory',
    '',
    'Resident memory (MiB) of the backend and of its parts started alone. The V8 heap, external',
    'and array-buffer figures of a part come from `process.memoryUsage()` in a process that loads',
    "only that part; the running backend's come from its own `/metrics` (prom-client's",
    '`nodejs_heap_size_*` and `nodejs_external_memory_bytes`), read at the same moment as its RSS.',
    '"Heap used" counts garbage not collected yet as well as live objects.',
    '',
    markdownTable(
      ['process', 'RSS', 'heap used', 'heap total', 'external', 'array buffers'],
      rows.map(({ what, sample }) => [
        what,
        cell(sample.rss),
        cell(sample.heapUsed),
        cell(sample.heapTotal),
        cell(sample.external),
        cell(sample.arrayBuffers),
      ]),
    ),
    '',
    '### What was cut',
    '',
    ...MEMORY_CUTS.map((cut) => `- ${cut}`),
    '',
  ];
}

export function markdownReport(report: Report, method: string): string {
  const { machine } = report;
  const missed = missedTargets(report);
  const sections = [
    '# Performance',
    '',
    'What the backend does under load on one machine, measured by `npm run bench` and written to',
    'this page by it. Every throughput figure is a ratio against a baseline measured in the same',
    'run on the same machine (bare Express 5 for the routes, argon2id itself for sign-in), so the',
    'figures hold on a slower or busier machine as well; latency and memory figures are absolute.',
    'The explanations are derived from the same run: its CPU profiles, the spread of its baseline',
    'runs and the memory of the parts measured alone.',
    '',
    `Measured on ${machine.date}: ${machine.cpus} CPU cores (${machine.cpuModel}), ` +
      `${formatNumber(machine.memoryGiB, 1)} GiB memory, Node.js ${machine.node}, ${machine.os}, ` +
      `${machine.postgres}. The one-minute load average was ${formatNumber(machine.loadAverage, 2)} ` +
      `when the run started; the whole run took ${formatNumber(report.totalSeconds)} s.`,
    '',
    '## Targets',
    '',
    markdownTable(TARGET_HEADER, targetRows(report, '**no**')),
    '',
  ];
  if (missed.length > 0) {
    sections.push('### Why targets were missed', '');
    for (const target of missed) sections.push(`- **${target.name}**: ${target.why}`);
    sections.push('');
  } else {
    sections.push('Every target with a goal was met in this run.', '');
  }
  sections.push(...latencySection(report.latency));
  if (report.profiles.length > 0) {
    sections.push(
      '## Where the CPU goes',
      '',
      'From `node --cpu-prof` profiles of the servers during the measured runs (samples outside',
      "a run's time span are left out). Work inside Node.js itself or V8 (JSON, streams, sockets)",
      'counts for the package that called it; what no package called stays "node internals".',
      '',
    );
    for (const route of report.profiles) sections.push(...profileSection(route));
  }
  sections.push(...memorySection(report.memory));
  sections.push(
    '## Load runs',
    '',
    'Each run is preceded by a 3 s warm-up that is not counted. "Generator cores" is the CPU the',
    'load generator itself used, which the servers could not; "machine cores" what every process on',
    'the machine used together, other programs included.',
    '',
    markdownTable(RUN_HEADER, runRows(report)),
    '',
    '## Settings',
    '',
    markdownTable(['setting', 'value'], report.settings),
    '',
  );
  if (report.notes.length > 0) {
    sections.push('## Observations', '', ...report.notes.map((note) => `- ${note}`), '');
  }
  sections.push(method.trim(), '');
  return sections.join('\n');
}
