// The chart history for this browser tab. It lives at module level rather than in the page's
// state, so leaving the System page and coming back shows what was already drawn instead of
// empty charts; it is gone when the tab reloads.
import type { AdminStats } from '@gv/contract';
import { useSyncExternalStore } from 'react';
import { appendStats, type StatsPoint } from '../utils/history';

let history: StatsPoint[] = [];
const listeners = new Set<() => void>();

export function recordStats(stats: AdminStats): void {
  const next = appendStats(history, stats);
  if (next === history) return;
  history = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useStatsHistory(): StatsPoint[] {
  return useSyncExternalStore(subscribe, () => history);
}
