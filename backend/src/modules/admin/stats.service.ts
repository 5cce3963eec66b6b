// The numbers behind the admin System page. Behind a load balancer each poll may reach another
// replica, so with PROMETHEUS_URL set the traffic and process numbers are the whole deployment's,
// read from the recording rules Prometheus already evaluates
// (infra/monitoring/prometheus/rules/gv-backend-recording.yml). Without Prometheus, or while it does
// not answer, they come from this instance's own registry and the answer names the instance.
// Users, sessions and sign-ins are read from the database, which every replica shares.
import { hostname } from 'node:os';
import {
  STATS_HISTORY,
  type AdminStats,
  type StatsFallbackReason,
  type StatsHistoryPoint,
} from '@gv/contract';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { LogsRepository } from '../logs/logs.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import { PrometheusUnavailable, type PrometheusClient } from './prometheus.js';

/** The scrape job of the backend, in compose and Kubernetes alike (see prometheus.yml). */
const JOB = 'gv-backend';
/** The recording rules average over [5m]. */
const RULE_WINDOW_SECONDS = 300;

const FLEET_QUERIES = {
  instances: `count(up{job="${JOB}"} == 1)`,
  requestsPerSecond: `job:http_requests:rate5m{job="${JOB}"}`,
  errorRate: `job:http_request_errors:ratio_rate5m{job="${JOB}"}`,
  p50Seconds: `job:http_request_duration_seconds:p50_5m{job="${JOB}"}`,
  p95Seconds: `job:http_request_duration_seconds:p95_5m{job="${JOB}"}`,
  p99Seconds: `job:http_request_duration_seconds:p99_5m{job="${JOB}"}`,
  requestsTotal: `sum(http_requests_total{job="${JOB}"})`,
  rssBytes: `sum(process_resident_memory_bytes{job="${JOB}"})`,
  heapUsedBytes: `sum(nodejs_heap_size_used_bytes{job="${JOB}"})`,
  uptimeSeconds: `max(time() - process_start_time_seconds{job="${JOB}"})`,
  eventLoopLagSeconds: `max(nodejs_eventloop_lag_p99_seconds{job="${JOB}"})`,
} as const;

const HISTORY_QUERIES = {
  requestsPerSecond: FLEET_QUERIES.requestsPerSecond,
  errorRate: FLEET_QUERIES.errorRate,
  latencyP95Seconds: FLEET_QUERIES.p95Seconds,
  // Every instance reports the same count from the shared database.
  activeSessions: `max(active_sessions{job="${JOB}"})`,
} as const;

/** The figures that depend on where they are read; the rest come from the database. */
type TrafficFigures = Pick<
  AdminStats,
  | 'source'
  | 'instance'
  | 'fallbackReason'
  | 'instances'
  | 'windowSeconds'
  | 'requestsPerSecond'
  | 'errorRate'
  | 'latencyMs'
  | 'requestsTotal'
  | 'process'
  | 'history'
>;

/** Prometheus answered but has no series for the backend: it does not scrape it (yet). */
class NoFleetData extends Error {
  override name = 'NoFleetData';
}

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
  /** Where fleet-wide numbers come from (PROMETHEUS_URL); without it, this instance's own. */
  prometheus?: PrometheusClient | undefined;
  /** Names this instance in local answers: the host name (the pod's name) and process id. */
  instance?: string;
  /** Told when the numbers switch between Prometheus and the local fallback. */
  logger?: Logger;
}

const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};
const secondsToMs = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? null : round(seconds * 1000, 2);

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
  private readonly prometheus: PrometheusClient | undefined;
  private readonly instance: string;
  private readonly logger: Logger | undefined;
  /** Where the last answer came from, so a switch is logged once rather than on every poll. */
  private lastSource: 'prometheus' | StatsFallbackReason | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly users: UsersRepository,
    private readonly logs: LogsRepository,
    private readonly activeSessions: () => Promise<number>,
    options: StatsOptions = {},
  ) {
    this.sampleIntervalMs = options.sampleIntervalMs ?? 5_000;
    this.windowMs = options.windowMs ?? 60_000;
    this.prometheus = options.prometheus;
    this.instance = options.instance ?? `${hostname()} pid ${process.pid}`;
    this.logger = options.logger;
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

  /** `history`: also the last few minutes from Prometheus (ignored for local answers). */
  async stats(options: { history?: boolean } = {}): Promise<AdminStats> {
    const hourAgo = new Date(Date.now() - 3_600_000);
    const [traffic, users, logins, activeSessions] = await Promise.all([
      this.traffic(options.history ?? false),
      this.users.summary(),
      this.logs.countEventsSince(['auth.login.succeeded', 'auth.login.failed'], hourAgo),
      this.activeSessions(),
    ]);
    return {
      generatedAt: new Date().toISOString(),
      ...traffic,
      activeSessions,
      users,
      loginsLastHour: {
        succeeded: logins['auth.login.succeeded'] ?? 0,
        failed: logins['auth.login.failed'] ?? 0,
      },
    };
  }

  private async traffic(withHistory: boolean): Promise<TrafficFigures> {
    if (!this.prometheus) return this.localTraffic('not-configured');
    try {
      const figures = await this.fleetTraffic(this.prometheus, withHistory);
      this.noteSource('prometheus');
      return figures;
    } catch (error) {
      if (!(error instanceof PrometheusUnavailable || error instanceof NoFleetData)) throw error;
      const reason = error instanceof NoFleetData ? 'no-data' : 'unreachable';
      this.noteSource(reason, error.message);
      return this.localTraffic(reason);
    }
  }

  private async fleetTraffic(
    prometheus: PrometheusClient,
    withHistory: boolean,
  ): Promise<TrafficFigures> {
    // undefined: no series at all; null: a series whose value is NaN (e.g. 0/0 without traffic).
    const read = async (promql: string) => (await prometheus.query(promql))[0]?.value;
    const [entries, history] = await Promise.all([
      Promise.all(
        Object.entries(FLEET_QUERIES).map(async ([name, promql]) => [name, await read(promql)]),
      ),
      withHistory ? this.fleetHistory(prometheus) : undefined,
    ]);
    const fleet = Object.fromEntries(entries) as Record<
      keyof typeof FLEET_QUERIES,
      number | null | undefined
    >;
    // Without a scraped target, or before the rules first ran, there is nothing fleet-wide to show.
    if (!fleet.instances || fleet.requestsPerSecond === undefined) {
      throw new NoFleetData(`Prometheus has no ${JOB} series yet`);
    }
    return {
      source: 'prometheus',
      instances: fleet.instances,
      windowSeconds: RULE_WINDOW_SECONDS,
      requestsPerSecond: round(fleet.requestsPerSecond ?? 0, 2),
      // NaN when nothing was served in the window: no request failed.
      errorRate: round(fleet.errorRate ?? 0, 4),
      latencyMs: {
        p50: secondsToMs(fleet.p50Seconds),
        p95: secondsToMs(fleet.p95Seconds),
        p99: secondsToMs(fleet.p99Seconds),
      },
      requestsTotal: Math.round(fleet.requestsTotal ?? 0),
      process: {
        rssBytes: fleet.rssBytes ?? 0,
        heapUsedBytes: fleet.heapUsedBytes ?? 0,
        uptimeSeconds: Math.round(fleet.uptimeSeconds ?? 0),
        eventLoopLagMs: secondsToMs(fleet.eventLoopLagSeconds),
      },
      ...(history ? { history } : {}),
    };
  }

  /** The charted numbers over the history span, one point per step, oldest first. */
  private async fleetHistory(prometheus: PrometheusClient): Promise<StatsHistoryPoint[]> {
    const step = STATS_HISTORY.stepSeconds;
    // Aligned to the step, so two visits a few seconds apart get the same points.
    const end = Math.floor(Date.now() / 1000 / step) * step;
    const range = { start: end - STATS_HISTORY.spanSeconds, end, stepSeconds: step };
    const series = Object.fromEntries(
      await Promise.all(
        Object.entries(HISTORY_QUERIES).map(async ([name, promql]) => {
          const [first] = await prometheus.queryRange(promql, range);
          return [name, new Map(first?.values ?? [])];
        }),
      ),
    ) as Record<keyof typeof HISTORY_QUERIES, Map<number, number | null>>;

    const points: StatsHistoryPoint[] = [];
    for (let at = range.start; at <= range.end; at += step) {
      const requestsPerSecond = series.requestsPerSecond.get(at);
      const errorRate = series.errorRate.get(at);
      const latency = series.latencyP95Seconds.get(at);
      const activeSessions = series.activeSessions.get(at);
      // Before Prometheus had data there is no point to draw, not a point at zero.
      if ([requestsPerSecond, errorRate, latency, activeSessions].every((v) => v === undefined)) {
        continue;
      }
      points.push({
        at: new Date(at * 1000).toISOString(),
        requestsPerSecond:
          requestsPerSecond === undefined ? null : round(requestsPerSecond ?? 0, 2),
        errorRate: errorRate === undefined ? null : round(errorRate ?? 0, 4),
        latencyP95Ms: secondsToMs(latency),
        activeSessions: activeSessions ?? null,
      });
    }
    return points;
  }

  private async localTraffic(reason: StatsFallbackReason): Promise<TrafficFigures> {
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
    const memory = process.memoryUsage();
    return {
      source: 'local',
      instance: this.instance,
      fallbackReason: reason,
      instances: 1,
      windowSeconds: Math.round(elapsedSeconds),
      requestsPerSecond: round(requests / elapsedSeconds, 2),
      errorRate: requests > 0 ? round(errors / requests, 4) : 0,
      latencyMs: {
        p50: secondsToMs(quantileFromBuckets(0.5, bucketDeltas)),
        p95: secondsToMs(quantileFromBuckets(0.95, bucketDeltas)),
        p99: secondsToMs(quantileFromBuckets(0.99, bucketDeltas)),
      },
      requestsTotal: now.requests,
      process: {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
        eventLoopLagMs: await this.eventLoopLagMs(),
      },
    };
  }

  private noteSource(source: 'prometheus' | StatsFallbackReason, detail?: string): void {
    if (source === this.lastSource) return;
    const first = this.lastSource === undefined;
    this.lastSource = source;
    if (source === 'prometheus') {
      if (!first) this.logger?.info('System page numbers come from Prometheus again');
    } else {
      this.logger?.warn('System page shows this instance only: Prometheus gave no numbers', {
        reason: source,
        detail,
      });
    }
  }

  private async eventLoopLagMs(): Promise<number | null> {
    const metric = this.metrics.registry.getSingleMetric('nodejs_eventloop_lag_p99_seconds');
    if (!metric) return null;
    const value = (await metric.get()).values[0]?.value;
    return typeof value === 'number' ? secondsToMs(value) : null;
  }
}
