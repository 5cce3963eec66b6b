// One load run with autocannon: a short warm-up (JIT, connection pools), then the measured run,
// with a progress line while it runs.
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

export function summarize(
  label: string,
  result: Result,
  window: LoadResult['window'],
  generatorCores: number,
): LoadResult {
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
    window,
    generatorCores,
  };
}

const live = process.stdout.isTTY;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const show = !options.quiet;
  const warmupSeconds = options.warmupSeconds ?? 3;
  if (warmupSeconds > 0) await fire(options, warmupSeconds);
  const startUs = monotonicUs();
  const cpuBefore = process.cpuUsage();
  const result = await fire(options, options.durationSeconds, (second, count) => {
    options.onSecond?.(second);
    if (live && show) {
      process.stdout.write(
        `\r  ${options.label}: ${second}/${options.durationSeconds} s, ${count} req/s      `,
      );
    }
  });
  const endUs = monotonicUs();
  const cpu = process.cpuUsage(cpuBefore);
  const summary = summarize(
    options.label,
    result,
    { startUs, endUs },
    (cpu.user + cpu.system) / (endUs - startUs),
  );
  if (show) {
    process.stdout.write(
      `${live ? '\r' : ''}  ${options.label}: ${Math.round(summary.requestsPerSecond)} req/s at ` +
        `${options.connections} connections, p99 ${summary.latencyMs.p99} ms, ` +
        `${summary.failures} failures${live ? '          ' : ''}\n`,
    );
  }
  return summary;
}
