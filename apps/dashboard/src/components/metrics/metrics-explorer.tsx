'use client';

import { metricLabelsResponseSchema, metricLabelValuesResponseSchema, metricNamesResponseSchema, metricQueryResponseSchema } from '@vigil/contracts';
import { useCallback, useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { useUrlSync } from '../../hooks/use-url-sync';
import { apiJson } from '../../lib/api-client';
import { isComplete } from '../../lib/label-matchers';
import { labelValuesPath, metricLabelsPath, metricNamesPath, metricQueryPath, type MetricsExplorerState, metricsStateToSearch } from '../../lib/metrics-query';
import { rangeKey, resolveRange, zoomRange } from '../../lib/time-range';
import { RangePicker } from '../common/range-picker';
import { ErrorBanner, Loading } from '../common/status';
import { AggregationControls, StepPicker } from './aggregation-controls';
import { NoMetricsYet } from './empty-state';
import { MatcherEditor } from './matcher-editor';
import { MetricNamePicker } from './metric-name-picker';
import { MetricResult } from './metric-result';

/** How often a relative range is reloaded; a zoomed (absolute) range is not. */
const REFRESH_MS = 30_000;

export function MetricsExplorer({ initial }: { initial: MetricsExplorerState }) {
  const { projectId } = useSession();
  const [state, setState] = useState(initial);
  const update = (change: Partial<MetricsExplorerState>) => setState((previous) => ({ ...previous, ...change }));
  useUrlSync(metricsStateToSearch(state, projectId));

  // One cheap look at whether the project has any metric, for the empty state.
  const anyMetric = useApiResource(`any-metric:${projectId}`, (signal) => apiJson(metricNamesPath(projectId, '', 1), metricNamesResponseSchema, { signal }));
  const loadLabels = useCallback(
    async (text: string, signal: AbortSignal) => {
      const { labels } = await apiJson(metricLabelsPath(projectId, state.metric), metricLabelsResponseSchema, { signal });
      return labels.filter((label) => label.startsWith(text));
    },
    [projectId, state.metric],
  );
  const loadValues = useCallback(
    async (label: string, prefix: string, signal: AbortSignal) => (await apiJson(labelValuesPath(projectId, label, state.metric, prefix), metricLabelValuesResponseSchema, { signal })).values,
    [projectId, state.metric],
  );

  const queryKey = state.metric
    ? JSON.stringify([projectId, state.metric, state.matchers.filter(isComplete), state.fn, state.over, state.agg, state.by, state.quantile, state.step, rangeKey(state.range)])
    : null;
  const query = useApiResource(
    queryKey,
    async (signal) => {
      const range = resolveRange(state.range, Date.now());
      return { range, body: await apiJson(metricQueryPath(projectId, state, range), metricQueryResponseSchema, { signal }) };
    },
    state.range.kind === 'preset' ? REFRESH_MS : undefined,
  );

  return (
    <main className="page">
      <div className="page-title">
        <h1>Metrics</h1>
        <RangePicker range={state.range} onChange={(range) => update({ range })} custom />
      </div>
      <section className="card query-form">
        <MetricNamePicker projectId={projectId} metric={state.metric} onMetric={(metric) => update({ metric })} />
        <MatcherEditor
          contextKey={`${projectId}:${state.metric ?? ''}`}
          matchers={state.matchers}
          onChange={(matchers) => update({ matchers })}
          loadLabels={loadLabels}
          loadValues={loadValues}
        />
        <AggregationControls state={state} onChange={update} labelsKey={`labels:${projectId}:${state.metric ?? ''}`} loadLabels={loadLabels}>
          <StepPicker step={state.step} onChange={(step) => update({ step })} />
        </AggregationControls>
      </section>
      {anyMetric.data?.names.length === 0 ? <NoMetricsYet /> : null}
      {!state.metric && anyMetric.data?.names.length ? (
        <p className="card muted" data-testid="pick-a-metric">
          Pick a metric to chart: start typing its name.
        </p>
      ) : null}
      {query.error ? <ErrorBanner error={query.error} onRetry={query.reload} /> : null}
      {query.loading ? <Loading what="the chart" /> : null}
      {query.data ? <MetricResult result={query.data.body} range={query.data.range} onZoom={(from, to) => update({ range: zoomRange(from, to) })} /> : null}
    </main>
  );
}
