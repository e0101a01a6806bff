'use client';

import { type LogRecordView, logsSearchResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { ApiError, apiJson } from '../lib/api-client';
import { type LogFilters, logsSearchPath } from '../lib/logs-query';
import type { ResolvedRange } from '../lib/time-range';
import { useApiResource } from './use-api-resource';

export interface LogSearch {
  records: LogRecordView[];
  loading: boolean;
  error: ApiError | undefined;
  /** Set while more pages exist. */
  loadMore: (() => void) | undefined;
  loadingMore: boolean;
  reload(): void;
}

interface ExtraPages {
  key: string;
  records: LogRecordView[];
  cursor: string | null;
  loading: boolean;
  error?: ApiError;
}

/** The first page of matching records for `key`, and further pages on demand through `nextCursor`. */
export function useLogSearch(projectId: string, filters: LogFilters, range: ResolvedRange, key: string): LogSearch {
  const first = useApiResource(key, (signal) => apiJson(logsSearchPath(projectId, filters, range), logsSearchResponseSchema, { signal }));
  const [extra, setExtra] = useState<ExtraPages | undefined>();
  const pages = extra?.key === key ? extra : undefined;
  const cursor = pages ? pages.cursor : (first.data?.nextCursor ?? null);

  async function loadMore(from: string) {
    setExtra({ key, records: pages?.records ?? [], cursor: from, loading: true });
    try {
      const page = await apiJson(logsSearchPath(projectId, filters, range, from), logsSearchResponseSchema);
      setExtra((current) => (current?.key === key ? { key, records: [...current.records, ...page.records], cursor: page.nextCursor, loading: false } : current));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError({ type: 'about:blank', title: 'Unexpected answer', status: 0, detail: String(error) });
      setExtra((current) => (current?.key === key ? { ...current, loading: false, error: apiError } : current));
    }
  }

  return {
    records: first.data ? [...first.data.records, ...(pages?.records ?? [])] : [],
    loading: first.loading,
    error: first.error ?? pages?.error,
    loadMore: first.data && cursor && !pages?.loading ? () => void loadMore(cursor) : undefined,
    loadingMore: pages?.loading ?? false,
    reload: first.reload,
  };
}
