import {
  ACROSS_SERIES_AGGREGATIONS,
  type AcrossSeriesAggregation,
  type MetricFn,
  METRIC_FNS,
  OVER_TIME_AGGREGATIONS,
  type OverTimeAggregation,
} from '@vigil/contracts';
import { formatMatcher, isComplete, type MatcherRow, readMatcher } from './label-matchers';
import { allParams, appendAll, firstParam, type SearchRecord } from './search-params';
import { type ResolvedRange, rangeFromSearch, type TimeRange, writeRange } from './time-range';

/** Everything the metrics explorer shows; mirrored into the address bar so a link restores it. */
export interface MetricsExplorerState {
  metric: string | undefined;
  /** As typed, valid or not: the API judges them (a bad one is its 400, never a dropped filter). */
  matchers: MatcherRow[];
  fn: MetricFn;
  over: OverTimeAggregation;
  /** Ignored with a quantile, which the API computes across series itself (grouped by `by`). */
  agg: AcrossSeriesAggregation;
  by: string[];
  /** 0 < q < 1 reads the histogram `metric` (or its `_bucket` series) as a quantile. */
  quantile: number | undefined;
  /** ms; undefined lets the API choose (raw points for `fn=raw` without aggregation). */
  step: number | undefined;
  range: TimeRange;
}

export const STEP_CHOICES = [
  { ms: 1000, label: '1 s' },
  { ms: 10_000, label: '10 s' },
  { ms: 60_000, label: '1 min' },
  { ms: 5 * 60_000, label: '5 min' },
  { ms: 3_600_000, label: '1 h' },
] as const;

function oneOf<T extends string>(choices: readonly T[], value: string | undefined, fallback: T): T {
  return choices.find((choice) => choice === value) ?? fallback;
}

function numberIn(value: string | undefined, accept: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) && accept(number) ? number : undefined;
}

export function metricsStateFromSearch(search: SearchRecord): MetricsExplorerState {
  return {
    metric: firstParam(search, 'metric'),
    matchers: allParams(search, 'match').map(readMatcher),
    fn: oneOf(METRIC_FNS, firstParam(search, 'fn'), 'raw'),
    over: oneOf(OVER_TIME_AGGREGATIONS, firstParam(search, 'over'), 'avg'),
    agg: oneOf(ACROSS_SERIES_AGGREGATIONS, firstParam(search, 'agg'), 'none'),
    by: allParams(search, 'by'),
    quantile: numberIn(firstParam(search, 'quantile'), (q) => q > 0 && q < 1),
    step: numberIn(firstParam(search, 'step'), (ms) => Number.isInteger(ms) && ms >= 1000 && ms <= 86_400_000),
    range: rangeFromSearch(search),
  };
}

/** The address bar for a state: defaults left out, repeatable parameters repeated. */
export function metricsStateToSearch(state: MetricsExplorerState, projectId: string | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (projectId) params.set('project', projectId);
  if (state.metric) params.set('metric', state.metric);
  appendAll(params, 'match', state.matchers.filter(isComplete).map(formatMatcher));
  if (state.fn !== 'raw') params.set('fn', state.fn);
  if (state.over !== 'avg') params.set('over', state.over);
  if (state.agg !== 'none') params.set('agg', state.agg);
  appendAll(params, 'by', state.by);
  if (state.quantile !== undefined) params.set('quantile', String(state.quantile));
  if (state.step !== undefined) params.set('step', String(state.step));
  writeRange(params, state.range);
  return params;
}

/** With a quantile the API wants the histogram's base name; the picker may hold `x_bucket`. */
export function queriedMetricName(state: Pick<MetricsExplorerState, 'metric' | 'quantile'>): string | undefined {
  if (!state.metric) return undefined;
  return state.quantile !== undefined ? state.metric.replace(/_bucket$/, '') : state.metric;
}

export function metricQueryPath(projectId: string, state: MetricsExplorerState, range: ResolvedRange): string {
  const params = new URLSearchParams({ project: projectId, name: queriedMetricName(state) ?? '', from: String(range.from), to: String(range.to) });
  appendAll(params, 'match', state.matchers.filter(isComplete).map(formatMatcher));
  if (state.step !== undefined) params.set('step', String(state.step));
  if (state.quantile !== undefined) {
    // The API reads bucket increases itself for a quantile: no fn, over or agg beside it.
    params.set('quantile', String(state.quantile));
    appendAll(params, 'by', state.by);
  } else {
    if (state.fn !== 'raw') params.set('fn', state.fn);
    if (state.fn === 'raw' && state.over !== 'avg') params.set('over', state.over);
    if (state.agg !== 'none') params.set('agg', state.agg);
    // `by` groups an aggregation; alone the API refuses it.
    if (state.agg !== 'none') appendAll(params, 'by', state.by);
  }
  return `/api/v1/metrics/query?${params.toString()}`;
}

export function metricNamesPath(projectId: string, prefix: string, limit = 50): string {
  return `/api/v1/metrics/names?${new URLSearchParams({ project: projectId, prefix, limit: String(limit) }).toString()}`;
}

export function metricLabelsPath(projectId: string, metric: string | undefined): string {
  const params = new URLSearchParams({ project: projectId });
  if (metric) params.set('name', metric);
  return `/api/v1/metrics/labels?${params.toString()}`;
}

export function labelValuesPath(projectId: string, label: string, metric: string | undefined, prefix: string, limit = 50): string {
  const params = new URLSearchParams({ project: projectId, label, prefix, limit: String(limit) });
  if (metric) params.set('name', metric);
  return `/api/v1/metrics/label-values?${params.toString()}`;
}
