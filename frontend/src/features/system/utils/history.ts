// The points the System page charts: one per /api/admin/stats answer, or Prometheus's own history
// when the backend could read it. Each point says whose numbers it holds, so a chart never joins
// the whole deployment's numbers to one instance's, or two instances' to each other.
import { STATS_HISTORY, type AdminStats } from '@gv/contract';

export const HISTORY_SPAN_MS = STATS_HISTORY.spanSeconds * 1000;

export interface StatsPoint {
  at: number;
  /** `prometheus` for the whole deployment, otherwise the instance the numbers are from. */
  origin: string;
  requestsPerSecond: number | null;
  errorRate: number | null;
  latencyP95Ms: number | null;
  activeSessions: number | null;
}

export const originOf = (stats: AdminStats): string =>
  stats.source === 'prometheus' ? 'prometheus' : `instance ${stats.instance ?? 'unknown'}`;

function pointOf(stats: AdminStats): StatsPoint {
  return {
    at: Date.parse(stats.generatedAt),
    origin: originOf(stats),
    requestsPerSecond: stats.requestsPerSecond,
    errorRate: stats.errorRate,
    latencyP95Ms: stats.latencyMs.p95,
    activeSessions: stats.activeSessions,
  };
}

const withinSpan = (points: StatsPoint[], now: number) =>
  points.filter((point) => point.at >= now - HISTORY_SPAN_MS);

/**
 * Adds an answer to the history. An answer that carries Prometheus's history replaces the
 * Prometheus points held so far (it fills the time this page was closed); a repeat of the last
 * answer is ignored. Points older than the span are dropped.
 */
export function appendStats(history: StatsPoint[], stats: AdminStats): StatsPoint[] {
  const point = pointOf(stats);
  const last = history.at(-1);
  if (!stats.history && last && last.at >= point.at) return history;
  let points = history;
  if (stats.history) {
    const fromPrometheus = stats.history.map((entry) => ({
      ...entry,
      at: Date.parse(entry.at),
      origin: 'prometheus',
    }));
    points = [...history.filter((entry) => entry.origin !== 'prometheus'), ...fromPrometheus];
    points = points.filter((entry) => entry.at < point.at).sort((a, b) => a.at - b.at);
  }
  return withinSpan([...points, point], point.at);
}

/** The points of one origin, for one chart line. */
export function seriesOf(
  history: StatsPoint[],
  origin: string | undefined,
  pick: (point: StatsPoint) => number | null,
): Array<{ at: number; value: number | null }> {
  return history
    .filter((point) => point.origin === origin)
    .map((point) => ({ at: point.at, value: pick(point) }));
}
