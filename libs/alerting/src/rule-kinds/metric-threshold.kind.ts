import { type MetricThresholdSpec, metricThresholdSpecSchema } from '@vigil/contracts';
import { reduce } from '../thresholds';
import { evaluationRange, evaluationStep } from './evaluation-window';
import { parseWithSchema } from './parse-spec';
import { requireData, type RuleKind } from './rule-kind';

/**
 * A metric selector reduced over the window, per label group: the steps of each series the
 * selector returns (one per group after `agg`/`by`) are folded with the reducer and compared
 * with the thresholds.
 */
export const metricThresholdKind: RuleKind<MetricThresholdSpec> = {
  name: 'metric_threshold',
  parseSpec: (input) => parseWithSchema('metric_threshold', metricThresholdSpecSchema, input, (spec) => ({ 'query.matchers': spec.query.matchers })),
  thresholds: ({ comparator, warning, critical, recovery }) => ({ comparator, warning, critical, recovery }),
  dataRequests: (spec, { now, intervalSeconds }) => [
    { type: 'metric', id: 'query', selector: spec.query, ...evaluationRange(now, spec.windowSeconds), step: evaluationStep(intervalSeconds, spec.windowSeconds) },
  ],
  observe: (spec, data, { now }) => {
    const { series } = requireData(data, 'query', 'metric');
    const window = { from: now - spec.windowSeconds * 1000, to: now };
    return series.map((group) => {
      const value = reduce(group.points, spec.reducer);
      return { labels: group.labels, value, evidence: { value: value ?? null, threshold: null, comparator: spec.comparator, ...window } };
    });
  },
};
