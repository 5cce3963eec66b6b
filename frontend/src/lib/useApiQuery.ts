// Loads data for a component: loading, error and data states, a reload, optional polling, and
// cancellation when the component goes away or its inputs change.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError, toApiError, type ApiError } from './api';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True until the first answer (later reloads keep showing the previous data). */
  loading: boolean;
  reload(): void;
}

export function useApiQuery<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: { pollMs?: number; enabled?: boolean } = {},
): QueryState<T> {
  const { pollMs, enabled = true } = options;
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(enabled);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let loadedOnce = false;

    const run = async () => {
      // A hidden tab skips its polls instead of loading data nobody sees.
      if (pollMs && document.hidden && loadedOnce) {
        timer = setTimeout(run, pollMs);
        return;
      }
      try {
        const result = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        loadedOnce = true;
        setData(result);
        setError(undefined);
      } catch (caught) {
        if (controller.signal.aborted || isAbortError(caught)) return;
        setError(toApiError(caught));
      } finally {
        if (!controller.signal.aborted) {
          setLoading(false);
          if (pollMs) timer = setTimeout(run, pollMs);
        }
      }
    };
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // The caller's deps decide when to reload; `load` is read through a ref.
  }, [...deps, generation, pollMs, enabled]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading: loading && data === undefined && error === undefined, reload };
}
