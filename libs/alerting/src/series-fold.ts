import type { AcrossSeriesAggregation, MetricSelector } from '@vigil/contracts';
import { compareLabelSets, type HistogramBucket, histogramQuantile, labelSetKey, type Labels, parseBucketBound } from '@vigil/metrics-query';
import { compileMatchers, labelValue } from './matchers';
import type { GroupSeries } from './rule-kinds/rule-kind';

/**
 * Folds per-series step values (what one batched query returns for many rules, agg=none) into
 * one rule's groups, exactly as the query engine folds them for that rule's own query
 * (docs/query.md; libs/telemetry-store metric-query.repository.ts and metric-query.sql.ts):
 * - the rule's matchers select its series (a missing label reads as "");
 * - `agg=none` keeps each series with all its labels;
 * - otherwise series are grouped by their `by` labels (a series without a `by` label, or with
 *   it empty, groups without it, as PromQL's `sum by`) and folded per step with sum, avg, min,
 *   max or count (count: how many of the group's series have a value at that step);
 * - with `quantile`, the series are `x_bucket` increases: summed per step by `by` and `le`
 *   (series without a readable `le` are left out), then interpolated with the engine's own
 *   `histogramQuantile`; steps without an answer are left out;
 * - groups without points are left out and groups come ordered by their labels.
 * Arithmetic is IEEE as in ClickHouse: a NaN or ±Inf step value propagates through sum and avg
 * (reducers ignore non-finite values afterwards).
 */
export type FoldSelector = Pick<MetricSelector, 'matchers' | 'agg' | 'by' | 'quantile'>;

export function foldSeries(series: readonly GroupSeries[], selector: FoldSelector): GroupSeries[] {
  const select = compileMatchers(selector.matchers);
  const selected = series.filter((one) => select(one.labels));
  if (selector.quantile !== undefined) return foldQuantile(selected, selector.by, selector.quantile);
  if (selector.agg === 'none') return sortGroups(selected.map((s) => ({ labels: s.labels, points: s.points })));
  return foldAcross(selected, selector.agg, selector.by);
}

/** The labels a series keeps under `by`: those it has non-empty, in `by` order (pickLabels, without reading inherited properties). */
export function groupLabelsOf(labels: Labels, by: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of by) {
    const value = labelValue(labels, name);
    if (value !== '') picked[name] = value;
  }
  return picked;
}

interface Accumulator {
  sum: number;
  count: number;
  min: number;
  max: number;
}

function foldAcross(series: readonly GroupSeries[], agg: Exclude<AcrossSeriesAggregation, 'none'>, by: readonly string[]): GroupSeries[] {
  const groups = new Map<string, { labels: Labels; steps: Map<number, Accumulator> }>();
  for (const one of series) {
    const labels = groupLabelsOf(one.labels, by);
    const key = labelSetKey(labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels, steps: new Map() }));
    for (const [t, value] of one.points) {
      const step = group.steps.get(t);
      if (!step) {
        group.steps.set(t, { sum: value, count: 1, min: value, max: value });
        continue;
      }
      step.sum += value;
      step.count += 1;
      // Math.min/max let NaN through, as a NaN among the inputs of SQL min/max would make the answer unreliable anyway.
      step.min = Math.min(step.min, value);
      step.max = Math.max(step.max, value);
    }
  }
  const out: GroupSeries[] = [];
  for (const { labels, steps } of groups.values()) {
    const points = [...steps.entries()].sort(([a], [b]) => a - b).map(([t, step]) => [t, aggregate(step, agg)] as const);
    out.push({ labels, points });
  }
  return sortGroups(out);
}

function aggregate(step: Accumulator, agg: Exclude<AcrossSeriesAggregation, 'none'>): number {
  switch (agg) {
    case 'sum':
      return step.sum;
    case 'avg':
      return step.sum / step.count;
    case 'min':
      return step.min;
    case 'max':
      return step.max;
    case 'count':
      return step.count;
  }
}

function foldQuantile(series: readonly GroupSeries[], by: readonly string[], q: number): GroupSeries[] {
  // Per group, per step, per bucket bound: the summed increases.
  const groups = new Map<string, { labels: Labels; steps: Map<number, Map<number, number>> }>();
  for (const one of series) {
    const le = parseBucketBound(labelValue(one.labels, 'le') || undefined);
    if (le === undefined) continue;
    const labels = groupLabelsOf(one.labels, by);
    const key = labelSetKey(labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels, steps: new Map() }));
    for (const [t, value] of one.points) {
      let buckets = group.steps.get(t);
      if (!buckets) group.steps.set(t, (buckets = new Map()));
      buckets.set(le, (buckets.get(le) ?? 0) + value);
    }
  }
  const out: GroupSeries[] = [];
  for (const { labels, steps } of groups.values()) {
    const points: (readonly [number, number])[] = [];
    for (const t of [...steps.keys()].sort((a, b) => a - b)) {
      const buckets: HistogramBucket[] = [...(steps.get(t) as Map<number, number>)].map(([le, count]) => ({ le, count }));
      const value = histogramQuantile(q, buckets);
      if (!Number.isNaN(value)) points.push([t, value]);
    }
    out.push({ labels, points });
  }
  return sortGroups(out);
}

function sortGroups(groups: GroupSeries[]): GroupSeries[] {
  return groups.filter((group) => group.points.length > 0).sort((a, b) => compareLabelSets(a.labels, b.labels));
}
