'use client';

import { useState } from 'react';
import { type ApiError, asApiError } from '../lib/api-client';

export interface Action {
  /** The key of the request under way (one per button: `delete:<id>`), so only its button shows progress. */
  pending: string | undefined;
  /** The last request's problem, until the next one starts or it is cleared. */
  error: ApiError | undefined;
  /** Runs `work` unless another request of this action is under way; resolves undefined when it failed (the error is then set). */
  run<T>(key: string, work: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

/**
 * One button's (or one table's) requests that change something: at most one at a time, its
 * progress and its problem shown where it was asked for. Kept this small on purpose — the
 * dashboard has no data cache to update, so after a change the page reloads what it shows.
 */
export function useAction(): Action {
  const [pending, setPending] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  return {
    pending,
    error,
    async run(key, work) {
      if (pending !== undefined) return undefined;
      setPending(key);
      setError(undefined);
      try {
        return await work();
      } catch (caught) {
        setError(asApiError(caught));
        return undefined;
      } finally {
        setPending(undefined);
      }
    },
    clear: () => setError(undefined),
  };
}
