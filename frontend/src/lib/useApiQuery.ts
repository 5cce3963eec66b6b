// Loads data for a component: loading, error and data states, a reload, optional polling, and
// cancellation when the component goes away or its inputs change. A load that failed because the
// server could not be reached runs again by itself once the server answers (lib/connection.ts).
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { connection, isAbortError, toApiError, type ApiError } from './api';

export interface QueryState<T> {
  /** The last answer, which may be for earlier inputs while the current ones load (`stale`). */
  data: T | undefined;
  /** Why the last load for the current inputs failed. */
  error: ApiError | undefined;
  /** Nothing to show yet: the first load is running. */
  loading: boolean;
  /** A load for the current inputs is running (the first one, a reload, a poll). */
  fetching: boolean;
  /** `data` answers earlier inputs (the previous search or page), not the current ones. */
  stale: boolean;
  reload(): void;
}

export function useApiQuery<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: { pollMs?: number; enabled?: boolean } = {},
): QueryState<T> {
  const { pollMs, enabled = true } = options;
  const key = JSON.stringify(deps);
  const [answer, setAnswer] = useState<{ key: string; data: T }>();
  const [error, setError] = useState<ApiError>();
  const [fetching, setFetching] = useState(enabled);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // Subscribed so that a failure for want of a server reloads when the server is back.
  const online = useSyncExternalStore(
    connection.subscribe,
    () => connection.getState().status === 'online',
  );

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
      setFetching(true);
      try {
        const result = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        loadedOnce = true;
        setAnswer({ key, data: result });
        setError(undefined);
      } catch (caught) {
        if (controller.signal.aborted || isAbortError(caught)) return;
        setError(toApiError(caught));
        // An answer to other inputs was only worth showing while these loaded.
        setAnswer((current) => (current?.key === key ? current : undefined));
      } finally {
        if (!controller.signal.aborted) {
          setFetching(false);
          if (pollMs) timer = setTimeout(run, pollMs);
        }
      }
    };
    setError(undefined);
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // `key` stands for the caller's deps; `load` is read through a ref.
  }, [key, generation, pollMs, enabled]);

  useEffect(() => {
    if (online && error?.unreachable) setGeneration((value) => value + 1);
  }, [online, error]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return {
    data: answer?.data,
    error,
    loading: enabled && answer === undefined && error === undefined,
    fetching,
    stale: answer !== undefined && answer.key !== key,
    reload,
  };
}
