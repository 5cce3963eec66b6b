// Rate control: requests are started on a clock, not when the previous one returns, so a slow
// backend does not slow the generator down and hide its own slowness (an open workload). Each
// request goes to the next person who is not waiting for an answer; when all are waiting, the
// request is skipped and counted, which says the backend cannot keep up with users × rate.

export interface Worker {
  step: () => Promise<void>;
}

export interface ScheduleOptions {
  /** Requests started per second, across all workers. */
  rate: number;
  durationMs: number;
  signal?: AbortSignal;
  /** How often the clock checks what is due; small enough for smooth rates. */
  tickMs?: number;
}

export interface ScheduleResult {
  started: number;
  /** Due requests that found every worker still busy. */
  skipped: number;
  /** Whether the run was stopped before its duration. */
  interrupted: boolean;
}

export async function runSchedule(
  workers: readonly Worker[],
  options: ScheduleOptions,
): Promise<ScheduleResult> {
  const busy = new Set<number>();
  const inFlight = new Set<Promise<void>>();
  const result: ScheduleResult = { started: 0, skipped: 0, interrupted: false };
  const startedAt = performance.now();
  let next = 0;

  const dispatch = () => {
    for (let tried = 0; tried < workers.length; tried += 1) {
      const index = (next + tried) % workers.length;
      if (busy.has(index)) continue;
      next = index + 1;
      busy.add(index);
      const running = workers[index]!.step()
        // A person's own mistakes are recorded as data by its client; nothing here may stop the run.
        .catch(() => undefined)
        .finally(() => {
          busy.delete(index);
          inFlight.delete(running);
        });
      inFlight.add(running);
      result.started += 1;
      return;
    }
    result.skipped += 1;
  };

  await new Promise<void>((resolve) => {
    const finish = (interrupted: boolean) => {
      clearInterval(clock);
      clearTimeout(deadline);
      options.signal?.removeEventListener('abort', onAbort);
      result.interrupted = interrupted;
      resolve();
    };
    const onAbort = () => finish(true);
    const clock = setInterval(() => {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * options.rate);
      while (result.started + result.skipped < due) dispatch();
    }, options.tickMs ?? 20);
    const deadline = setTimeout(() => finish(false), options.durationMs);
    if (options.signal?.aborted) finish(true);
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  // Requests already sent finish (each has its own timeout), so the summary counts their answers.
  await Promise.all(inFlight);
  return result;
}
