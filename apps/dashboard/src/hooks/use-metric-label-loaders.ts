'use client';

import { metricLabelsResponseSchema, metricLabelValuesResponseSchema } from '@vigil/contracts';
import { useCallback } from 'react';
import { apiJson } from '../lib/api-client';
import { labelValuesPath, metricLabelsPath } from '../lib/metrics-query';

/** The matcher editor's suggestions for one metric's series: its label names, and a label's values by prefix. */
export function useMetricLabelLoaders(projectId: string, metric: string | undefined) {
  const loadLabels = useCallback(
    async (text: string, signal: AbortSignal) => (await apiJson(metricLabelsPath(projectId, metric), metricLabelsResponseSchema, { signal })).labels.filter((label) => label.startsWith(text)),
    [projectId, metric],
  );
  const loadValues = useCallback(
    async (label: string, prefix: string, signal: AbortSignal) => (await apiJson(labelValuesPath(projectId, label, metric, prefix), metricLabelValuesResponseSchema, { signal })).values,
    [projectId, metric],
  );
  return { loadLabels, loadValues };
}
