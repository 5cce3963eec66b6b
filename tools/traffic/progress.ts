// The lines a person reads while the generator runs and at its end.
import { formatDuration } from '../lib/durations.js';
import type { Snapshot } from './stats.js';

const percent = (part: number, whole: number) =>
  whole === 0 ? '0.0%' : `${((part / whole) * 100).toFixed(1)}%`;

const perSecond = (snapshot: Snapshot) =>
  snapshot.elapsedMs <= 0 ? 0 : snapshot.requests / (snapshot.elapsedMs / 1000);

/** e.g. `[1 min 5 s] 10.2 req/s, errors 0.0%, p95 48 ms (2xx 98, 4xx 4)` */
export function progressLine(window: Snapshot, sinceStartMs: number): string {
  const classes = Object.entries(window.byClass)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  return (
    `[${formatDuration(sinceStartMs)}] ${perSecond(window).toFixed(1)} req/s, ` +
    `errors ${percent(window.errors, window.requests)}, p95 ${formatDuration(window.p95Ms)}` +
    (classes ? ` (${classes})` : '')
  );
}

export interface SummaryExtras {
  skipped: number;
  interrupted: boolean;
}

/** The report at the end: totals, then one line per action. */
export function summaryText(total: Snapshot, extras: SummaryExtras): string {
  const lines = [
    `Traffic ${extras.interrupted ? 'stopped early' : 'finished'} after ${formatDuration(total.elapsedMs)}: ` +
      `${total.requests} requests, ${perSecond(total).toFixed(1)} req/s, ` +
      `errors ${percent(total.errors, total.requests)} (${total.errors}), p95 ${formatDuration(total.p95Ms)}`,
    `  by status: ${
      Object.entries(total.byClass)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, count]) => `${name} ${count}`)
        .join(', ') || 'none'
    }`,
    ...Object.entries(total.byAction)
      .sort(([, a], [, b]) => b - a)
      .map(([action, count]) => `  ${action}: ${count}`),
  ];
  if (extras.skipped > 0) {
    lines.push(
      `  ${extras.skipped} requests skipped: every simulated person was still waiting for an ` +
        'answer (the backend is slower than the rate asks for; add --users or lower --rate)',
    );
  }
  return lines.join('\n');
}
