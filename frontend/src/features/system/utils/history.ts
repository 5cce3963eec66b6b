// Keeps the last few minutes of /api/admin/stats answers for the charts.
import type { AdminStats } from '@gv/contract';

export const HISTORY_SPAN_MS = 5 * 60_000;

export interface StatsPoint {
  at: number;
  stats: AdminStats;
}

/** Adds a new answer (ignoring a repeat of the last one) and drops points older than the span. */
export function appendStats(history: StatsPoint[], stats: AdminStats): StatsPoint[] {
  const at = Date.parse(stats.generatedAt);
  const last = history.at(-1);
  if (last && last.at >= at) return history;
  return [...history, { at, stats }].filter((point) => point.at >= at - HISTORY_SPAN_MS);
}
