// What the generator measured: requests, failures and latency, both over the whole run and since
// the last progress line, so a person watching sees the effect of a fault within seconds.

/** How one request ended: an HTTP status, or `network` when no answer came back at all. */
export type Outcome = number | 'network';

export interface Snapshot {
  requests: number;
  /** 5xx answers and requests that got no answer: what the error-rate alert counts as failed. */
  errors: number;
  /** Answers by status class (`2xx`, `4xx`, ...) and `network`. */
  byClass: Record<string, number>;
  /** Requests per action (`sign-in`, `browse sessions`, ...). */
  byAction: Record<string, number>;
  p95Ms: number;
  elapsedMs: number;
}

/** The value below which `fraction` of the samples lie (nearest-rank), 0 for no samples. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const classOf = (outcome: Outcome) =>
  outcome === 'network' ? 'network' : `${Math.floor(outcome / 100)}xx`;

class Tally {
  requests = 0;
  errors = 0;
  byClass: Record<string, number> = {};
  byAction: Record<string, number> = {};
  durations: number[] = [];

  add(action: string, outcome: Outcome, durationMs: number): void {
    this.requests += 1;
    if (outcome === 'network' || outcome >= 500) this.errors += 1;
    const key = classOf(outcome);
    this.byClass[key] = (this.byClass[key] ?? 0) + 1;
    this.byAction[action] = (this.byAction[action] ?? 0) + 1;
    this.durations.push(durationMs);
  }

  snapshot(elapsedMs: number): Snapshot {
    return {
      requests: this.requests,
      errors: this.errors,
      byClass: { ...this.byClass },
      byAction: { ...this.byAction },
      p95Ms: percentile(this.durations, 0.95),
      elapsedMs,
    };
  }
}

export class Stats {
  private total = new Tally();
  private window = new Tally();
  private readonly startedAt: number;
  private windowStartedAt: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.startedAt = now();
    this.windowStartedAt = this.startedAt;
  }

  record(action: string, outcome: Outcome, durationMs: number): void {
    this.total.add(action, outcome, durationMs);
    this.window.add(action, outcome, durationMs);
  }

  /** What happened since the previous call (or the start), then starts a new window. */
  takeWindow(): Snapshot {
    const now = this.now();
    const snapshot = this.window.snapshot(now - this.windowStartedAt);
    this.window = new Tally();
    this.windowStartedAt = now;
    return snapshot;
  }

  /** The whole run so far. */
  summary(): Snapshot {
    return this.total.snapshot(this.now() - this.startedAt);
  }
}
