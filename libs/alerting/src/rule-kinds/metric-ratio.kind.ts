import { type MetricRatioSpec, metricRatioSpecSchema } from '@vigil/contracts';
import { labelSetKey, type Labels } from '@vigil/metrics-query';
import { reduce } from '../thresholds';
import { evaluationRange, evaluationStep } from './evaluation-window';
import { parseWithSchema } from './parse-spec';
import { type Observation, requireData, type RuleKind } from './rule-kind';

/**
 * Two selectors reduced over the window and divided per label group (× 100 with `percent`),
 * e.g. 5xx requests / all requests per service. Groups are joined on their labels, which after
 * `agg … by` are the `by` labels both sides share (the schema requires the same `by`); with
 * `agg=none` each series is joined with the series of identical labels, as PromQL's `a / b`.
 * A group the numerator lacks (or whose values are all non-finite) counts as 0: no errors. A
 * group the denominator lacks, or whose denominator is 0, has no value (no data for that group).
 */
export const metricRatioKind: RuleKind<MetricRatioSpec> = {
  name: 'metric_ratio',
  parseSpec: (input) =>
    parseWithSchema('metric_ratio', metricRatioSpecSchema, input, (spec) => ({ 'numerator.matchers': spec.numerator.matchers, 'denominator.matchers': spec.denominator.matchers })),
  thresholds: ({ comparator, warning, critical, recovery }) => ({ comparator, warning, critical, recovery }),
  dataRequests: (spec, { now, intervalSeconds }) => {
    const range = evaluationRange(now, spec.windowSeconds);
    const step = evaluationStep(intervalSeconds, spec.windowSeconds);
    return [
      { type: 'metric', id: 'numerator', selector: spec.numerator, ...range, step },
      { type: 'metric', id: 'denominator', selector: spec.denominator, ...range, step },
    ];
  },
  observe: (spec, data, { now }) => {
    const reduced = (id: string): Map<string, { labels: Labels; value: number | undefined }> =>
      new Map(requireData(data, id, 'metric').series.map((group) => [labelSetKey(group.labels), { labels: group.labels, value: reduce(group.points, spec.reducer) }]));
    const numerators = reduced('numerator');
    const denominators = reduced('denominator');
    const window = { from: now - spec.windowSeconds * 1000, to: now };
    const observations: Observation[] = [];
    const keys = new Set([...denominators.keys(), ...numerators.keys()]);
    for (const key of [...keys].sort()) {
      const numeratorGroup = numerators.get(key);
      const denominatorGroup = denominators.get(key);
      const labels = (denominatorGroup ?? numeratorGroup)?.labels ?? {};
      const numerator = numeratorGroup?.value ?? 0;
      const denominator = denominatorGroup?.value;
      const value = denominator === undefined || denominator === 0 ? undefined : (numerator / denominator) * (spec.percent ? 100 : 1);
      observations.push({
        labels,
        value,
        evidence: { value: value ?? null, numerator, ...(denominator === undefined ? {} : { denominator }), threshold: null, comparator: spec.comparator, ...window },
      });
    }
    return observations;
  },
};
