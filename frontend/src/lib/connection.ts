// Whether the server answers. The API client reports every request's outcome; while the server
// is unreachable, a cheap probe (GET /api/health/live) retries with growing pauses, and the moment
// anything gets an answer again, whatever was waiting for it (failed queries, a page's code, the
// session restore) runs again by itself (docs/decisions/175).

export type ConnectionState = { status: 'online' } | { status: 'unreachable'; since: number };

export interface ConnectionStore {
  getState(): ConnectionState;
  subscribe(listener: () => void): () => void;
  /** A request got no answer from the server. */
  reportUnreachable(): void;
  /** A request got an answer (any status: the server is there). */
  reportReachable(): void;
  /** Probes now instead of waiting for the next scheduled try. */
  retryNow(): void;
  /** Resolves at once when online, otherwise when the server answers again. */
  whenReachable(): Promise<void>;
}

/** Pauses between probes: quick at first (a restart takes seconds), then every 30 s at most. */
export const PROBE_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];

export function createConnectionStore(
  probe: () => Promise<unknown>,
  delaysMs: readonly number[] = PROBE_DELAYS_MS,
): ConnectionStore {
  let state: ConnectionState = { status: 'online' };
  const listeners = new Set<() => void>();
  let waiting: Array<() => void> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let probing = false;

  const set = (next: ConnectionState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  const schedule = () => {
    clearTimeout(timer);
    const delay = delaysMs[Math.min(attempt, delaysMs.length - 1)]!;
    attempt += 1;
    timer = setTimeout(runProbe, delay);
  };

  // The probe goes through the API client, which reports its outcome: success lands in
  // reportReachable; a failure leaves the state unreachable and the next try is scheduled here.
  const runProbe = () => {
    if (state.status === 'online' || probing) return;
    probing = true;
    void probe()
      .catch(() => undefined)
      .finally(() => {
        probing = false;
        if (state.status === 'unreachable') schedule();
      });
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportUnreachable() {
      if (state.status === 'unreachable') return;
      attempt = 0;
      set({ status: 'unreachable', since: Date.now() });
      schedule();
    },
    reportReachable() {
      if (state.status === 'online') return;
      clearTimeout(timer);
      set({ status: 'online' });
      const resume = waiting;
      waiting = [];
      for (const resolve of resume) resolve();
    },
    retryNow() {
      if (state.status === 'online') return;
      clearTimeout(timer);
      runProbe();
    },
    whenReachable() {
      if (state.status === 'online') return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}
