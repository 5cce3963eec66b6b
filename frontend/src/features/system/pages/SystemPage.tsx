import type { AdminStats, StatsFallbackReason } from '@gv/contract';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert } from '../../../components/Alert';
import { Badge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { RelativeTime } from '../../../components/RelativeTime';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { formatDuration } from '../../../lib/dates';
import { useApiQuery } from '../../../lib/useApiQuery';
import { getAdminStats, getHealth } from '../api/systemApi';
import { HealthChecks } from '../components/HealthChecks';
import { LineChart } from '../components/LineChart';
import { useSecondsSince } from '../hooks/useSecondsSince';
import { recordStats, useStatsHistory } from '../hooks/useStatsHistory';
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from '../utils/format';
import { HISTORY_SPAN_MS, originOf, seriesOf } from '../utils/history';
import { isUnreachable } from '../utils/reachability';

const REFRESH_MS = 5000;

const FALLBACK_REASONS: Record<StatsFallbackReason, string> = {
  'not-configured': 'the backend has no PROMETHEUS_URL',
  unreachable: 'Prometheus is not answering',
  'no-data': 'Prometheus has no numbers for the backend yet',
};

function Tile({ label, value, note }: { label: string; value: ReactNode; note?: ReactNode }) {
  return (
    <div className="card">
      <dt className="muted text-sm">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      {note && <dd className="muted mt-1 text-xs">{note}</dd>}
    </div>
  );
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Whose numbers these are: the whole deployment, or one instance and why only that one. */
function SourceNote({ stats }: { stats: AdminStats }) {
  if (stats.source === 'prometheus') {
    return <>The whole deployment ({plural(stats.instances, 'instance')}), from Prometheus.</>;
  }
  return (
    <>
      Only the instance <span className="font-mono">{stats.instance}</span> (
      {FALLBACK_REASONS[stats.fallbackReason ?? 'not-configured']}).
    </>
  );
}

export function SystemPage() {
  // Prometheus's history is asked for on the first poll, and again after any answer that could
  // not carry it (a fallback, a failed poll), so the charts fill the gap once it is back.
  const wantHistory = useRef(true);
  const stats = useApiQuery((signal) => getAdminStats(signal, wantHistory.current), [], {
    pollMs: REFRESH_MS,
  });
  const health = useApiQuery((signal) => getHealth(signal), [], { pollMs: REFRESH_MS });
  const history = useStatsHistory();
  const [answeredAt, setAnsweredAt] = useState<number>();

  useEffect(() => {
    const answer = stats.data;
    if (!answer) return;
    recordStats(answer);
    wantHistory.current = answer.source !== 'prometheus';
    setAnsweredAt(Date.now());
  }, [stats.data]);
  useEffect(() => {
    if (stats.error) wantHistory.current = true;
  }, [stats.error]);

  const latest = stats.data;
  // useApiQuery keeps the last answer while polls fail: show it, but never as current.
  const stale = latest !== undefined && stats.error !== undefined;
  const age = useSecondsSince(stale ? answeredAt : undefined);
  const statsUnreachable = stats.error !== undefined && isUnreachable(stats.error);
  const healthUnreachable = health.error !== undefined && isUnreachable(health.error);
  const unreachable = statsUnreachable || healthUnreachable;
  // Until the first answer of this visit, the charts show what the last visit drew.
  const origin = latest ? originOf(latest) : history.at(-1)?.origin;
  const fleet = origin === 'prometheus';
  const series = (pick: Parameters<typeof seriesOf>[2]) => seriesOf(history, origin, pick);

  return (
    <>
      <PageHeader
        title="System"
        description={
          <>
            Live numbers, refreshed every {REFRESH_MS / 1000} seconds.
            {latest && !stale && (
              <>
                {' '}
                Updated <RelativeTime value={latest.generatedAt} />.
              </>
            )}
          </>
        }
      />

      {unreachable && (
        <div className="mb-6">
          <Alert tone="error" title="Backend unreachable">
            <p>
              {latest
                ? `The numbers below are the last ones it gave, ${formatDuration(age ?? 0)} ago. `
                : 'No numbers yet. '}
              This page keeps asking every {REFRESH_MS / 1000} seconds and updates as soon as the
              backend answers.
            </p>
          </Alert>
        </div>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="health-heading" className="card lg:col-span-1">
          <h2 id="health-heading" className="text-lg font-semibold">
            Health
          </h2>
          {health.loading && <LoadingState label="Checking dependencies…" />}
          {health.error && !health.data && !healthUnreachable && (
            <ErrorState error={health.error} onRetry={health.reload} />
          )}
          {health.error && !health.data && healthUnreachable && (
            <p className="mt-3">
              <Badge tone="red">Backend unreachable</Badge>
            </p>
          )}
          {health.data && (
            <>
              <div className="mt-3">
                <HealthChecks
                  health={health.data}
                  staleBecause={
                    health.error
                      ? healthUnreachable
                        ? 'Backend unreachable'
                        : 'Health check failed'
                      : undefined
                  }
                />
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
          {stats.error && !statsUnreachable && (
            <div className="mb-4">
              <ErrorState error={stats.error} onRetry={stats.reload} />
            </div>
          )}
          {latest && (
            <>
              <p
                id="numbers-source"
                className="muted mb-3 flex flex-wrap items-center gap-2 text-sm"
              >
                {stale && <Badge tone="amber">Stale</Badge>}
                <span>
                  {stale && `From ${formatDuration(age ?? 0)} ago. `}
                  <SourceNote stats={latest} />
                </span>
              </p>
              <dl
                className={`grid grid-cols-1 gap-4 min-[420px]:grid-cols-2 xl:grid-cols-3 ${stale ? 'opacity-60' : ''}`}
                aria-describedby="numbers-source"
              >
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
                  note={
                    fleet
                      ? `by ${plural(latest.instances, 'instance')}, each since it started (the oldest ${formatDuration(latest.process.uptimeSeconds)} ago)`
                      : `since the process started ${formatDuration(latest.process.uptimeSeconds)} ago`
                  }
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
                  note={`heap used ${formatBytes(latest.process.heapUsedBytes)}${fleet && latest.instances > 1 ? `; all ${latest.instances} instances together` : ''}`}
                />
                <Tile
                  label="Event loop lag"
                  value={
                    latest.process.eventLoopLagMs === null
                      ? '—'
                      : formatMs(latest.process.eventLoopLagMs)
                  }
                  note={fleet && latest.instances > 1 ? 'the slowest instance' : undefined}
                />
              </dl>
            </>
          )}
        </section>
      </div>

      <section aria-labelledby="charts-heading" className="mt-8">
        <h2 id="charts-heading" className="text-lg font-semibold">
          Last {HISTORY_SPAN_MS / 60_000} minutes
        </h2>
        <p className="muted text-sm">
          {fleet
            ? 'From Prometheus, for the whole deployment.'
            : 'From one instance, a point per refresh; kept while this tab stays open.'}
        </p>
        <div className="mt-4 grid gap-4 md:grid-cols-2">
          <LineChart
            title="Request rate"
            samples={series((point) => point.requestsPerSecond)}
            format={formatRate}
            spanMs={HISTORY_SPAN_MS}
          />
          <LineChart
            title="Latency p95"
            samples={series((point) => point.latencyP95Ms)}
            format={formatMs}
            minMax={10}
            spanMs={HISTORY_SPAN_MS}
          />
          <LineChart
            title="Error rate"
            samples={series((point) => point.errorRate)}
            format={formatPercent}
            minMax={0.01}
            spanMs={HISTORY_SPAN_MS}
          />
          <LineChart
            title="Active sessions"
            samples={series((point) => point.activeSessions)}
            format={formatCount}
            minMax={5}
            spanMs={HISTORY_SPAN_MS}
          />
        </div>
      </section>
    </>
  );
}
