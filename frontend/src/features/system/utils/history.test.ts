import type { AdminStats } from '@gv/contract';
import { describe, expect, it } from 'vitest';
import { appendStats, HISTORY_SPAN_MS, seriesOf, type StatsPoint } from './history';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds)).toISOString();

function answer(seconds: number, overrides: Partial<AdminStats> = {}): AdminStats {
  return {
    generatedAt: at(seconds),
    source: 'local',
    instance: 'web-1 pid 7',
    fallbackReason: 'not-configured',
    instances: 1,
    windowSeconds: 60,
    requestsPerSecond: seconds,
    errorRate: 0,
    latencyMs: { p50: 1, p95: 2, p99: 3 },
    requestsTotal: 1,
    activeSessions: 1,
    users: { total: 1, admins: 1, disabled: 0 },
    loginsLastHour: { succeeded: 0, failed: 0 },
    process: { rssBytes: 1, heapUsedBytes: 1, uptimeSeconds: 1, eventLoopLagMs: null },
    ...overrides,
  };
}

const rates = (history: StatsPoint[], origin: string) =>
  seriesOf(history, origin, (point) => point.requestsPerSecond).map((point) => point.value);

describe('stats history', () => {
  it("keeps each instance's numbers on their own line when polls reach different instances", () => {
    let history: StatsPoint[] = [];
    history = appendStats(history, answer(0));
    history = appendStats(history, answer(5, { instance: 'web-2 pid 9' }));
    history = appendStats(history, answer(10));
    expect(rates(history, 'instance web-1 pid 7')).toEqual([0, 10]);
    expect(rates(history, 'instance web-2 pid 9')).toEqual([5]);
  });

  it("replaces Prometheus's points with the history an answer brings, then adds the answer", () => {
    const fleet = { source: 'prometheus', instance: undefined, fallbackReason: undefined } as const;
    let history = appendStats([], answer(20, fleet));
    history = appendStats(history, answer(22));
    history = appendStats(
      history,
      answer(30, {
        ...fleet,
        history: [10, 15, 20, 25].map((seconds) => ({
          at: at(seconds),
          requestsPerSecond: seconds,
          errorRate: 0,
          latencyP95Ms: 2,
          activeSessions: 1,
        })),
      }),
    );
    expect(rates(history, 'prometheus')).toEqual([10, 15, 20, 25, 30]);
    expect(rates(history, 'instance web-1 pid 7')).toEqual([22]);
  });

  it('ignores a repeated answer and forgets points older than the span', () => {
    const first = appendStats([], answer(0));
    expect(appendStats(first, answer(0))).toBe(first);
    const later = answer(0, {
      generatedAt: new Date(Date.parse(at(1)) + HISTORY_SPAN_MS).toISOString(),
    });
    expect(appendStats(first, later)).toHaveLength(1);
  });
});
