'use client';

import { checkListResponseSchema, type CheckView, MAX_IDS_IN_QUERY } from '@vigil/contracts';
import { useMemo } from 'react';
import { apiJson } from '../lib/api-client';
import { checksPath } from '../lib/checks-api';
import { useApiResource } from './use-api-resource';

/** The checks watching these failover targets, by id, in one request (their states are the targets' health). */
export function useTargetChecks(projectId: string, checkIds: readonly string[], refreshMs: number) {
  const ids = [...new Set(checkIds)].sort().slice(0, MAX_IDS_IN_QUERY);
  const key = ids.length === 0 ? null : `target-checks:${projectId}:${ids.join(',')}`;
  const loaded = useApiResource(key, (signal) => apiJson(checksPath(projectId, { ids: ids.join(','), limit: MAX_IDS_IN_QUERY }), checkListResponseSchema, { signal }), refreshMs);
  const byId = useMemo(() => new Map<string, CheckView>((loaded.data?.checks ?? []).map((check) => [check.id, check])), [loaded.data]);
  return { byId, error: loaded.error, reload: loaded.reload };
}
