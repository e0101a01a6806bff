'use client';

import { checkLatestResponseSchema, type CheckResultView } from '@vigil/contracts';
import { useMemo } from 'react';
import { apiJson } from '../lib/api-client';
import { checkLatestPath } from '../lib/checks-api';
import { useApiResource } from './use-api-resource';

/**
 * The newest result of each of these checks in each region, in one request, re-read every
 * `refreshMs` (a check's state in Postgres holds its regions only as of its last change of state).
 */
export function useLatestResults(projectId: string, checkIds: readonly string[], refreshMs: number) {
  const key = checkIds.length === 0 ? null : `check-latest:${projectId}:${checkIds.join(',')}`;
  const loaded = useApiResource(key, (signal) => apiJson(checkLatestPath(projectId, checkIds), checkLatestResponseSchema, { signal }), refreshMs);
  const byCheck = useMemo(() => {
    const map = new Map<string, CheckResultView[]>();
    for (const { checkId, ...result } of loaded.data?.latest ?? []) map.set(checkId, [...(map.get(checkId) ?? []), result]);
    return map;
  }, [loaded.data]);
  return { byCheck, loaded: loaded.data !== undefined, error: loaded.error, reload: loaded.reload };
}
