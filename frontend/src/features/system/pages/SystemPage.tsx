import { useEffect, useState, type ReactNode } from 'react';
import { PageHeader } from '../../../components/PageHeader';
import { RelativeTime } from '../../../components/RelativeTime';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { formatDuration } from '../../../lib/dates';
import { useApiQuery } from '../../../lib/useApiQuery';
import { getAdminStats, getHealth } from '../api/systemApi';
import { HealthChecks } from '../components/HealthChecks';
import { LineChart, type Sample } from '../components/LineChart';
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from '../utils/format';
import { appendStats, HISTORY_SPAN_MS, type StatsPoint } from '../utils/history';

const REFRESH_MS = 5000;

function Tile({ label, value, note }: { label: string; value: ReactNode; note?: ReactNode }) {
  return (
    <div className="card">
      <dt className="muted text-sm">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {note && <dd className="muted mt-1 text-xs">{note}</dd>}
    </div>
  );
}

export function SystemPage() {
  const stats = useApiQuery((signal) => getAdminStats(signal), [], { pollMs: REFRESH_MS });
  const health = useApiQuery((signal) => getHealth(signal), [], { pollMs: REFRESH_MS });
  const [history, setHistory] = useState<StatsPoint[]>([]);

  useEffect(() => {
    const latestStats = stats.data;
    if (latestStats) setHistory((current) => appendStats(current, latestStats));
  }, [stats.data]);

  const series = (pick: (point: StatsPoint) => number | null): Sample[] =>
    history.map((point) => ({ at: point.at, value: pick(point) }));
  const latest = stats.data;

  return (
    <>
      <PageHeader
        title="System"
        description={
          <>
            Live numbers from the backend's Prometheus registry, refreshed every {REFRESH_MS / 1000}{' '}
            seconds.
            {latest && (
              <>
                {' '}
                Updated <RelativeTime value={latest.generatedAt} />.
              </>
            )}
          </>
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="health-heading" className="card lg:col-span-1">
          <h2 id="health-heading" className="text-lg font-semibold">
            Health
          </h2>
          {health.loading && <LoadingState label="Checking dependencies…" />}
          {health.error && !health.data && (
            <ErrorState error={health.error} onRetry={health.reload} />
          )}
          {health.data && (
            <>
              <div className="mt-3">
                <HealthChecks health={health.data} />
              </div>
              <dl className="muted mt-4 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt>Version</dt>
                <dd className="font-mono">{health.data.version}</dd>
                <dt>Commit</dt>
                <dd className="font-mono break-all">{health.data.commit.slice(0, 12)}</dd>
                <dt>Environment</dt>
                <dd>{health.data.environment}</dd>
                <dt>Uptime</dt>
                <dd>{formatDuration(health.data.uptimeSeconds)}</dd>
              </dl>
            </>
          )}
        </section>

        <section aria-labelledby="numbers-heading" className="lg:col-span-2">
          <h2 id="numbers-heading" className="sr-only">
            Current numbers
          </h2>
          {stats.loading && <LoadingState label="Loading live numbers…" />}
          {stats.error && <ErrorState error={stats.error} onRetry={stats.reload} />}
          {latest && (
            <dl className="grid grid-cols-1 gap-4 min-[420px]:grid-cols-2 xl:grid-cols-3">
              <Tile
                label="Active sessions"
                value={formatCount(latest.activeSessions)}
                note={`${formatCount(latest.users.total)} users, ${formatCount(latest.users.admins)} admins, ${formatCount(latest.users.disabled)} disabled`}
              />
              <Tile
                label="Sign-ins in the last hour"
                value={formatCount(latest.loginsLastHour.succeeded)}
                note={`${formatCount(latest.loginsLastHour.failed)} failed`}
              />
              <Tile
                label="Requests served"
                value={formatCount(latest.requestsTotal)}
                note={`since the process started ${formatDuration(latest.process.uptimeSeconds)} ago`}
              />
              <Tile
                label="Latency p50 / p99"
                value={
                  latest.latencyMs.p50 === null
                    ? '—'
                    : `${formatMs(latest.latencyMs.p50)} / ${formatMs(latest.latencyMs.p99 ?? 0)}`
                }
                note={`over the last ${latest.windowSeconds} s`}
              />
              <Tile
                label="Memory (RSS)"
                value={formatBytes(latest.process.rssBytes)}
                note={`heap used ${formatBytes(latest.process.heapUsedBytes)}`}
              />
              <Tile
                label="Event loop lag"
                value={
                  latest.process.eventLoopLagMs === null
                    ? '—'
                    : formatMs(latest.process.eventLoopLagMs)
                }
              />
            </dl>
          )}
        </section>
      </div>

      <section aria-labelledby="charts-heading" className="mt-8">
        <h2 id="charts-heading" className="text-lg font-semibold">
          Last {HISTORY_SPAN_MS / 60_000} minutes
        </h2>
        <p className="muted text-sm">
          The charts fill in while this page is open; each point is one refresh.
        </p>
        <div className="mt-4 grid gap-4 md:grid-cols-2">
          <LineChart
            title="Request rate"
            samples={series((point) => point.stats.requestsPerSecond)}
            format={formatRate}
            spanMs={HISTORY_SPAN_MS}
          />
          <LineChart
            title="Latency p95"
            samples={series((point) => point.stats.latencyMs.p95)}
            format={formatMs}
            minMax={10}
            spanMs={HISTORY_SPAN_MS}
          />
          <LineChart
            title="Error rate"
            samples={series((point) => point.stats.errorRate)}
            format={formatPercent}
            minMax={0.01}
            spanMs={HISTORY_SPAN_MS}
          />
          <LineChart
            title="Active sessions"
            samples={series((point) => point.stats.activeSessions)}
            format={formatCount}
            minMax={5}
            spanMs={HISTORY_SPAN_MS}
          />
        </div>
      </section>
    </>
  );
}
