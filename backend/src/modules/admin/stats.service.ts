// The numbers behind the admin System page. Request rate, error rate and latency percentiles are
// derived from the same prom-client registry that /metrics exposes: the service samples the
// counters and histogram every few seconds and reports the change over the last minute, the way
// Prometheus's rate() and histogram_quantile() would.
import type { AdminStats } from '@gv/contract';
import type { Metrics } from '../../observability/metrics.js';
import type { LogsRepository } from '../logs/logs.repository.js';
import type { UsersRepository } from '../users/users.repository.js';

interface Sample {
  at: number;
  requests: number;
  errors: number;
  /** Cumulative count per histogram bucket upper bound (seconds), +Inf last. */
  buckets: Map<number, number>;
}

export interface StatsOptions {
  sampleIntervalMs?: number;
  windowMs?: number;
}

/** Estimates a quantile from cumulative bucket counts by linear interpolation within a bucket. */
export function quantileFromBuckets(q: number, buckets: Array<[number, number]>): number | null {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const [bound, cumulative] of sorted) {
    if (cumulative >= rank) {
      if (!Number.isFinite(bound)) return previousBound;
      const inBucket = cumulative - previousCount;
      const fraction = inBucket === 0 ? 0 : (rank - previousCount) / inBucket;
      return previousBound + (bound - previousBound) * fraction;
    }
    previousBound = bound;
    previousCount = cumulative;
  }
  return previousBound;
}

export class StatsService {
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly sampleIntervalMs: number;
  private readonly windowMs: number;
  private readonly startedAt = Date.now();

  constructor(
    private readonly metrics: Metrics,
    private readonly users: UsersRepository,
    private readonly logs: LogsRepository,
    private readonly activeSessions: () => Promise<number>,
    options: StatsOptions = {},
  ) {
    this.sampleIntervalMs = options.sampleIntervalMs ?? 5_000;
    this.windowMs = options.windowMs ?? 60_000;
  }

  start(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.sampleIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sample(): Promise<Sample> {
    const [requests, durations] = await Promise.all([
      this.metrics.httpRequestsTotal.get(),
      this.metrics.httpRequestDuration.get(),
    ]);
    let total = 0;
    let errors = 0;
    for (const value of requests.values) {
      total += value.value;
      if (Number(value.labels.status_code) >= 500) errors += value.value;
    }
    const buckets = new Map<number, number>();
    for (const value of durations.values) {
      if (value.metricName !== 'http_request_duration_seconds_bucket') continue;
      // prom-client adds the `le` label to bucket samples; its label type does not list it.
      const bound = (value.labels as Record<string, string | number>).le;
      const le = bound === '+Inf' ? Infinity : Number(bound);
      buckets.set(le, (buckets.get(le) ?? 0) + value.value);
    }
    const sample = { at: Date.now(), requests: total, errors, buckets };
    this.samples.push(sample);
    const oldest = sample.at - this.windowMs - this.sampleIntervalMs;
    while (this.samples.length > 2 && this.samples[0]!.at < oldest) this.samples.shift();
    return sample;
  }

  async stats(): Promise<AdminStats> {
    const now = await this.sample();
    const windowStart = now.at - this.windowMs;
    const base = this.samples.find((sample) => sample.at >= windowStart && sample !== now) ?? now;
    const elapsedSeconds = Math.max((now.at - base.at) / 1000, 1);
    const requests = now.requests - base.requests;
    const errors = now.errors - base.errors;
    const bucketDeltas: Array<[number, number]> = [...now.buckets].map(([le, count]) => [
      le,
      count - (base.buckets.get(le) ?? 0),
    ]);
    const toMs = (seconds: number | null) =>
      seconds === null ? null : Math.round(seconds * 100_000) / 100;

    const hourAgo = new Date(Date.now() - 3_600_000);
    const [users, logins, activeSessions] = await Promise.all([
      this.users.summary(),
      this.logs.countEventsSince(['auth.login.succeeded', 'auth.login.failed'], hourAgo),
      this.activeSessions(),
    ]);
    const memory = process.memoryUsage();
    return {
      generatedAt: new Date(now.at).toISOString(),
      windowSeconds: Math.round(elapsedSeconds),
      requestsPerSecond: Math.round((requests / elapsedSeconds) * 100) / 100,
      errorRate: requests > 0 ? Math.round((errors / requests) * 10_000) / 10_000 : 0,
      latencyMs: {
        p50: toMs(quantileFromBuckets(0.5, bucketDeltas)),
        p95: toMs(quantileFromBuckets(0.95, bucketDeltas)),
        p99: toMs(quantileFromBuckets(0.99, bucketDeltas)),
      },
      requestsTotal: now.requests,
      activeSessions,
      users,
      loginsLastHour: {
        succeeded: logins['auth.login.succeeded'] ?? 0,
        failed: logins['auth.login.failed'] ?? 0,
      },
      process: {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
        eventLoopLagMs: await this.eventLoopLagMs(),
      },
    };
  }

  private async eventLoopLagMs(): Promise<number | null> {
    const metric = this.metrics.registry.getSingleMetric('nodejs_eventloop_lag_p99_seconds');
    if (!metric) return null;
    const value = (await metric.get()).values[0]?.value;
    return typeof value === 'number' ? Math.round(value * 100_000) / 100 : null;
  }
}
