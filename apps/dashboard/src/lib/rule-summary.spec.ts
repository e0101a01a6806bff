import { metricSelectorSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { describeRuleCondition, describeSelector, describeThresholds } from './rule-summary';

const selector = (input: unknown) => metricSelectorSchema.parse(input);

describe('describeSelector', () => {
  it('writes selectors PromQL-like', () => {
    expect(describeSelector(selector({ name: 'queue_depth', matchers: [{ label: 'queue', op: '=', value: 'emails' }] }))).toBe('queue_depth{queue="emails"}');
    expect(describeSelector(selector({ name: 'http_requests_total', fn: 'rate', agg: 'sum', by: ['service'], window: 300_000 }))).toBe('sum by (service) (rate(http_requests_total[5min]))');
    expect(describeSelector(selector({ name: 'latency_seconds', quantile: 0.99, by: ['route'] }))).toBe('p99 by (route) of latency_seconds');
    expect(describeSelector(selector({ name: 'cpu', over: 'max', agg: 'avg' }))).toBe('avg (max_over_step(cpu))');
  });
});

describe('describeThresholds', () => {
  it('lists critical, warning and recovery', () => {
    expect(describeThresholds({ comparator: '>', critical: 100, warning: 80, recovery: 70 })).toBe('> 100 critical · > 80 warning · recovers at 70');
    expect(describeThresholds({ comparator: '<', warning: 1 })).toBe('< 1 warning');
  });
});

describe('describeRuleCondition', () => {
  it('says what each kind reads, over which window', () => {
    expect(describeRuleCondition({ kind: 'metric_threshold', spec: { query: { name: 'q' }, windowSeconds: 300, reducer: 'avg', comparator: '>', critical: 1 } })).toBe('avg of q over 5 min: > 1 critical');
    expect(
      describeRuleCondition({ kind: 'metric_ratio', spec: { numerator: { name: 'e', fn: 'rate' }, denominator: { name: 'r', fn: 'rate' }, comparator: '>', critical: 5 } }),
    ).toBe('last of rate(e) / rate(r) in % over 5 min: > 5 critical');
    expect(describeRuleCondition({ kind: 'log_count', spec: { search: { q: 'timeout', service: ['api'], severity: ['error'] }, groupBy: 'attribute:region', comparator: '>=', warning: 3 } })).toBe(
      'log records matching "timeout" from api at error per region over 5 min: >= 3 warning',
    );
  });

  it('names a kind it cannot read', () => {
    expect(describeRuleCondition({ kind: 'slo_burn_rate', spec: {} })).toBe('slo_burn_rate rule');
  });
});

describe('describeRuleCondition for the rules an SLO keeps', () => {
  const sloId = '00000000-0000-4000-8000-000000000001';
  it('says the burn-rate pair and its floor, and the budget thresholds', () => {
    expect(describeRuleCondition({ kind: 'slo_burn_rate', spec: { sloId, severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4, minEvents: 10 } })).toBe(
      'SLO burn rate over 1 h and 5 min > 14.4×, with at least 10 events in each',
    );
    expect(describeRuleCondition({ kind: 'slo_budget', spec: { sloId, warningPercent: 25, exhausted: true, minEvents: 10 } })).toBe('SLO error budget: warning at ≤ 25 % left, critical when exhausted');
  });
});
