// One load run with autocannon: a short warm-up (JIT, connection pools), then the measured run,
// with a progress line while it runs.
import { existsSync, readFileSync } from 'node:fs';
import autocannon, { type Request, type Result } from 'autocannon';
import { monotonicUs } from './profile.js';

export interface LoadOptions {
  label: string;
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Requests each connection cycles through (paths relative to `url`). */
  requests?: Request[];
  /** Called once a second during the measured run (memory sampling). */
  onSecond?: (second: number) => void;
  quiet?: boolean;
}

export interface LoadResult {
  label: string;
  connections: number;
  durationSeconds: number;
  requestsPerSecond: number;
  total: number;
  /** Connection errors, timeouts and non-2xx answers together. */
  failures: number;
  statusCounts: Record<string, number>;
  latencyMs: { p50: number; p90: number; p97_5: number; p99: number; max: number; mean: number };
  /** When the measured part ran, on the clock CPU profiles use, to pick out its samples. */
  window: { startUs: number; endUs: number };
  /** CPU the benchmark process itself (the load generator) used, in cores. */
  generatorCores: number;
  /** CPU the whole machine used, in cores (every process, ours or not); NaN where unknown. */
  machineCores: number;
}

type RunUsage = Pick<LoadResult, 'window' | 'generatorCores' | 'machineCores'>;

/** Busy and total CPU time of the whole machine so far, from /proc/stat (Linux). */
function machineCpu(): { busy: number; total: number; cpus: number } | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const stat = readFileSync('/proc/stat', 'utf8');
  // user nice system idle iowait irq softirq steal; idle and iowait are the time nothing ran.
  const fields = stat.split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const cpus = stat.split('\n').filter((line) => /^cpu\d/.test(line)).length;
  return { busy: total - fields[3]! - fields[4]!, total, cpus };
}

/** Measures what a piece of work cost the machine and this process while it ran. */
function usageMeter(): () => RunUsage {
  const startUs = monotonicUs();
  const ownBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  return () => {
    const endUs = monotonicUs();
    const own = process.cpuUsage(ownBefore);
    const machineAfter = machineCpu();
    const machineCores =
      machineBefore && machineAfter && machineAfter.total > machineBefore.total
        ? ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) *
          machineAfter.cpus
        : Number.NaN;
    return {
      window: { startUs, endUs },
      generatorCores: (own.user + own.system) / (endUs - startUs),
      machineCores,
    };
  };
}

function fire(
  options: LoadOptions,
  durationSeconds: number,
  onTick?: (second: number, count: number) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: durationSeconds,
        timeout: 10,
        ...(options.method ? { method: options.method } : {}),
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.body !== undefined ? { body: options.body } : {}),
        ...(options.requests ? { requests: options.requests } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    let second = 0;
    instance.on('tick', ({ counter }: { counter: number }) => {
      second += 1;
      onTick?.(second, counter);
    });
  });
}

export function summarize(label: string, result: Result, usage: RunUsage): LoadResult {
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
  );
  return {
    label,
    connections: result.connections,
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    total: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
    statusCounts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    ...usage,
  };
}

const live = process.stdout.isTTY;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const show = !options.quiet;
  const warmupSeconds = options.warmupSeconds ?? 3;
  if (warmupSeconds > 0) await fire(options, warmupSeconds);
  const meter = usageMeter();
  const result = await fire(options, options.durationSeconds, (second, count) => {
    options.onSecond?.(second);
    if (live && show) {
      process.stdout.write(
        `\r  ${options.label}: ${second}/${options.durationSeconds} s, ${count} req/s      `,
      );
    }
  });
  const summary = summarize(options.label, result, meter());
  if (show) {
    process.stdout.write(
      `${live ? '\r' : ''}  ${options.label}: ${Math.round(summary.requestsPerSecond)} req/s at ` +
        `${options.connections} connections, p99 ${summary.latencyMs.p99} ms, ` +
        `${summary.failures} failures${live ? '          ' : ''}\n`,
    );
  }
  return summary;
}
