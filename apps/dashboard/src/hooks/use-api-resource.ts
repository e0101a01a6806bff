'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, asApiError } from '../lib/api-client';

export interface ApiResource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True until the first answer for the current key arrives (not during background refreshes). */
  loading: boolean;
  reload(): void;
}

/**
 * Loads `load()` whenever `key` changes (nothing while it is null) and again every
 * `refreshMs`. A refresh keeps the last data on screen; a new key starts from empty. Answers to
 * an older key are dropped (each run has its own AbortController).
 *
 * Hand-written rather than SWR/TanStack Query: the dashboard needs exactly this and nothing else
 * so far; revisit when pages need shared caching or mutations.
 */
export function useApiResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, refreshMs?: number): ApiResource<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError; settled: boolean }>({ key, settled: false });
  const [generation, setGeneration] = useState(0);
  // The latest `load` closure; `key` names everything it depends on, so a new closure alone
  // does not restart loading.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    let controller = new AbortController();
    const run = () => {
      controller.abort();
      controller = new AbortController();
      const { signal } = controller;
      loadRef.current(signal).then(
        (data) => {
          if (!signal.aborted) setState({ key, data, settled: true });
        },
        (error: unknown) => {
          if (signal.aborted) return;
          const apiError = asApiError(error);
          // Keep showing the last data next to the error, so one failed refresh does not blank the chart.
          setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error: apiError, settled: true }));
        },
      );
    };
    run();
    const timer = refreshMs ? setInterval(run, refreshMs) : undefined;
    return () => {
      controller.abort();
      if (timer) clearInterval(timer);
    };
  }, [key, refreshMs, generation]);

  // Stable, so a context that passes it on does not change on every render.
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && (!current || !state.settled),
    reload,
  };
}
