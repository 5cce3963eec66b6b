// The Prometheus registry of one app instance and every metric it exposes at /metrics.
// /api/admin/stats reads the same registry, so the UI and Prometheus never disagree.
import client from 'prom-client';

/** Values read from elsewhere at scrape time, plugged in once the services exist. */
export interface MetricSources {
  activeSessions?: () => Promise<number>;
  dbPool?: () => { total: number; idle: number; waiting: number };
}

export interface Metrics {
  registry: client.Registry;
  sources: MetricSources;
  httpRequestsTotal: client.Counter<'method' | 'route' | 'status_code'>;
  httpRequestDuration: client.Histogram<'method' | 'route' | 'status_code'>;
  authEventsTotal: client.Counter<'event'>;
  activeSessions: client.Gauge;
  dbPoolConnections: client.Gauge<'state'>;
  dbQueryDuration: client.Histogram<'operation'>;
  logWriterQueueDepth: client.Gauge;
  logWriterDroppedTotal: client.Counter;
  logWriterWrittenTotal: client.Counter;
  faultInjectionActive: client.Gauge<'kind'>;
}

/** The kinds of injected fault gv_fault_injection_active reports, each 1 while active. */
export const FAULT_KINDS = ['error_rate', 'latency', 'database_delay'] as const;

export const KNOWN_AUTH_EVENTS = [
  'auth.register',
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.account.locked',
  'auth.refresh',
  'auth.logout',
  'auth.password.changed',
  'security.refresh_token_reuse',
] as const;

export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(info: { version: string; commit: string }): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // These defaults are gauges named like counters, which `promtool check metrics` rejects;
  // nodejs_active_handles, nodejs_active_requests and nodejs_active_resources carry the same data.
  for (const name of [
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ]) {
    registry.removeSingleMetric(name);
  }

  new client.Gauge({
    name: 'app_info',
    help: 'Build information of the running backend',
    labelNames: ['version', 'commit'],
    registers: [registry],
  }).set({ version: info.version, commit: info.commit }, 1);

  const sources: MetricSources = {};

  const authEventsTotal = new client.Counter({
    name: 'auth_events_total',
    help: 'Authentication and security events, by event name',
    labelNames: ['event'],
    registers: [registry],
  });
  // Known events start at 0 so the first occurrence is an increase Prometheus can see: a series
  // that appears at 1 has no earlier sample, and increase() over it stays 0.
  for (const event of KNOWN_AUTH_EVENTS) authEventsTotal.inc({ event }, 0);

  const faultInjectionActive = new client.Gauge({
    name: 'gv_fault_injection_active',
    help: 'Injected faults in effect on this instance (1) or not (0), by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  for (const kind of FAULT_KINDS) faultInjectionActive.set({ kind }, 0);

  return {
    registry,
    sources,
    httpRequestsTotal: new client.Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served, by route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      registers: [registry],
    }),
    httpRequestDuration: new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request received to response finished',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_DURATION_BUCKETS,
      registers: [registry],
    }),
    authEventsTotal,
    activeSessions: new client.Gauge({
      name: 'active_sessions',
      help: 'Sessions that are neither revoked nor expired',
      registers: [registry],
      async collect() {
        if (!sources.activeSessions) return;
        try {
          this.set(await sources.activeSessions());
        } catch {
          // Keep the last value while the database is unreachable; DatabaseDown alerts on that.
        }
      },
    }),
    dbPoolConnections: new client.Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting clients)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = sources.dbPool?.();
        if (!stats) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    }),
    dbQueryDuration: new client.Histogram({
      name: 'db_query_duration_seconds',
      help: 'Database query time by repository operation',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    logWriterQueueDepth: new client.Gauge({
      name: 'log_writer_queue_depth',
      help: 'Audit events waiting to be written to the logs table',
      registers: [registry],
    }),
    logWriterDroppedTotal: new client.Counter({
      name: 'log_writer_dropped_total',
      help: 'Audit events dropped because the queue was full (written to stdout instead)',
      registers: [registry],
    }),
    logWriterWrittenTotal: new client.Counter({
      name: 'log_writer_written_total',
      help: 'Audit events written to the logs table',
      registers: [registry],
    }),
    faultInjectionActive,
  };
}

/** Times a database operation into db_query_duration_seconds. */
export function timeQuery<T>(
  metrics: Metrics,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  const end = metrics.dbQueryDuration.startTimer({ operation });
  return run().finally(() => end());
}
