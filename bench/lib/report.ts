// Turns measurements into the console table and docs/performance.md.
import type { LoadResult } from './load.js';

export interface TargetResult {
  name: string;
  /** What was measured, in words with the numbers (e.g. "9,800 req/s vs 17,200 req/s"). */
  measured: string;
  /** The figure compared with the goal: a ratio (0.57) or an absolute value. */
  value: number;
  unit: 'ratio' | 'ms' | 'MiB' | 'count';
  goal: string;
  met: boolean;
  /** Why the target can be missed on this kind of machine and what would close it. */
  ifMissed: string;
}

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  postgres: string;
  /** One-minute load average when the run started: how busy the machine already was. */
  loadAverage: number;
}

export interface Report {
  machine: MachineInfo;
  settings: Array<[string, string]>;
  targets: TargetResult[];
  runs: LoadResult[];
  notes: string[];
  totalSeconds: number;
}

export const formatNumber = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatValue(target: TargetResult): string {
  if (target.unit === 'ratio') return `${formatNumber(target.value * 100)}%`;
  if (target.unit === 'count') return formatNumber(target.value);
  if (target.unit === 'ms') return `${formatNumber(target.value, 1)} ms`;
  return `${formatNumber(target.value, 1)} MiB`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => pad(cell, widths[column]!)).join('  ');
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

export function consoleSummary(report: Report): string {
  const targets = textTable(
    ['target', 'result', 'goal', 'met', 'measured'],
    report.targets.map((target) => [
      target.name,
      formatValue(target),
      target.goal,
      target.met ? 'yes' : 'NO',
      target.measured,
    ]),
  );
  const runs = textTable(
    ['run', 'conns', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'max ms', 'failures'],
    report.runs.map((run) => [
      run.label,
      String(run.connections),
      formatNumber(run.requestsPerSecond),
      String(run.latencyMs.p50),
      String(run.latencyMs.p97_5),
      String(run.latencyMs.p99),
      String(run.latencyMs.max),
      String(run.failures),
    ]),
  );
  return `\nTargets\n\n${targets}\n\nLoad runs\n\n${runs}\n`;
}

function markdownTable(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

export function markdownReport(report: Report, method: string): string {
  const { machine } = report;
  const missed = report.targets.filter((target) => !target.met);
  const sections = [
    '# Performance',
    '',
    'What the backend does under load on one machine, measured by `npm run bench` and written to',
    'this page by it. Every throughput figure is a ratio against a baseline measured in the same',
    'run on the same machine, so the figures hold on a slower or busier machine as well; latency and',
    'memory figures are absolute.',
    '',
    `Measured on ${machine.date}: ${machine.cpus} CPU cores (${machine.cpuModel}), ` +
      `${formatNumber(machine.memoryGiB, 1)} GiB memory, Node.js ${machine.node}, ${machine.os}, ` +
      `${machine.postgres}. The one-minute load average was ${formatNumber(machine.loadAverage, 2)} ` +
      `when the run started; the whole run took ${formatNumber(report.totalSeconds)} s.`,
    '',
    '## Targets',
    '',
    markdownTable(
      ['target', 'result', 'goal', 'met', 'measured'],
      report.targets.map((target) => [
        target.name,
        formatValue(target),
        target.goal,
        target.met ? 'yes' : '**no**',
        target.measured,
      ]),
    ),
    '',
  ];
  if (missed.length > 0) {
    sections.push('### Missed targets', '');
    for (const target of missed) {
      sections.push(
        `- **${target.name}** (${formatValue(target)}, goal ${target.goal}): ${target.ifMissed}`,
      );
    }
    sections.push('');
  } else {
    sections.push('Every target was met in this run.', '');
  }
  sections.push(
    '## Load runs',
    '',
    'Each run is preceded by a 3 s warm-up that is not counted. Latencies come from autocannon,',
    'which reports p50, p90, p97.5 and p99 (no p95).',
    '',
    markdownTable(
      ['run', 'connections', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'max ms', 'failures'],
      report.runs.map((run) => [
        run.label,
        String(run.connections),
        formatNumber(run.requestsPerSecond),
        String(run.latencyMs.p50),
        String(run.latencyMs.p97_5),
        String(run.latencyMs.p99),
        String(run.latencyMs.max),
        String(run.failures),
      ]),
    ),
    '',
    '## Settings',
    '',
    markdownTable(
      ['setting', 'value'],
      report.settings.map(([name, value]) => [name, value]),
    ),
    '',
  );
  if (report.notes.length > 0) {
    sections.push('## Observations', '', ...report.notes.map((note) => `- ${note}`), '');
  }
  sections.push(method.trim(), '');
  return sections.join('\n');
}
