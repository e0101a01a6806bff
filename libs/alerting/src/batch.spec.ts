import type { MetricSelector } from '@vigil/contracts';
import { metricSelectorSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { distributeResults, planBatch, type RuleRequests, sharedMatchers, toMetricQuerySpec } from './batch';
import { compileMatchers } from './matchers';
import type { GroupSeries, LogDataRequest, MetricDataRequest } from './rule-kinds/rule-kind';
import { createRuleKindRegistry } from './rule-kinds/registry';

const NOW = 1_764_000_000_000;
const selector = (input: Partial<MetricSelector> & { name: string }): MetricSelector => metricSelectorSchema.parse(input);
const metricRequest = (sel: MetricSelector, id = 'query', overrides: Partial<MetricDataRequest> = {}): MetricDataRequest => ({
  type: 'metric',
  id,
  selector: sel,
  from: NOW - 300_000,
  to: NOW - 1,
  step: 60_000,
  ...overrides,
});

describe('planBatch', () => {
  it('1,000 threshold rules over one metric make one query', () => {
    const kind = createRuleKindRegistry().get('metric_threshold');
    const rules: RuleRequests[] = Array.from({ length: 1000 }, (_, i) => {
      const spec = kind.parseSpec({
        query: { name: 'http_requests_total', fn: 'rate', agg: 'sum', by: ['service'], matchers: [{ label: 'service', op: '=', value: `svc-${i}` }] },
        windowSeconds: 300,
        comparator: '>',
        critical: i,
      });
      return { ruleId: `rule-${i}`, requests: kind.dataRequests(spec, { now: NOW, intervalSeconds: 60 }) };
    });
    const plan = planBatch(rules);
    expect(plan.metricQueries).toHaveLength(1);
    const [query] = plan.metricQueries;
    expect(query?.members).toHaveLength(1000);
    // 1,000 services do not fit a 1,024-character union: the query reads every series of the metric.
    expect(query?.spec).toEqual({ name: 'http_requests_total', matchers: [], from: NOW - 300_000, to: NOW - 1, step: 60_000, fn: 'rate', over: 'avg', agg: 'none', by: [], window: undefined });
  });

  it('splits by what changes the per-series values: name, fn, over, window, quantile-ness, range, step', () => {
    const base = selector({ name: 'x' });
    const plan = planBatch([
      { ruleId: 'a', requests: [metricRequest(base)] },
      { ruleId: 'b', requests: [metricRequest(selector({ name: 'x', agg: 'max' }))] }, // same per-series values: shares
      { ruleId: 'c', requests: [metricRequest(selector({ name: 'x', over: 'max' }))] },
      { ruleId: 'd', requests: [metricRequest(selector({ name: 'y' }))] },
      { ruleId: 'e', requests: [metricRequest(selector({ name: 'x', fn: 'rate' }))] },
      { ruleId: 'f', requests: [metricRequest(selector({ name: 'x', fn: 'rate', window: 120_000 }))] },
      { ruleId: 'g', requests: [metricRequest(base, 'query', { step: 30_000 })] },
      { ruleId: 'h', requests: [metricRequest(base, 'query', { from: NOW - 600_000 })] },
      { ruleId: 'i', requests: [metricRequest(selector({ name: 'x', quantile: 0.99 }))] },
      { ruleId: 'j', requests: [metricRequest(selector({ name: 'x', quantile: 0.5, by: ['service'] }))] },
    ]);
    expect(plan.metricQueries.map((q) => q.members.map((m) => m.ruleId).join(''))).toEqual(['ab', 'c', 'd', 'e', 'f', 'g', 'h', 'ij']);
    const quantile = plan.metricQueries.at(-1);
    expect(quantile?.spec).toMatchObject({ name: 'x_bucket', fn: 'increase', agg: 'none' });
    expect(quantile?.spec.quantile).toBeUndefined();
  });

  it('narrows the shared query with what all members have in common, or a union of one pinned label', () => {
    const env = { label: 'env', op: '=', value: 'prod' } as const;
    expect(sharedMatchers([[env, { label: 'service', op: '=', value: 'a' }], [env, { label: 'service', op: '=', value: 'b.c' }]])).toEqual([env, { label: 'service', op: '=~', value: 'a|b\\.c' }]);
    // A member with only the common matchers needs all their series.
    expect(sharedMatchers([[env, { label: 'service', op: '=', value: 'a' }], [env]])).toEqual([env]);
    expect(sharedMatchers([[{ label: 'service', op: '=', value: 'a' }], [{ label: 'service', op: '!=', value: 'a' }]])).toEqual([]);
    expect(sharedMatchers([])).toEqual([]);
    // The union selects every value it was built from, in both engines' syntax.
    const union = sharedMatchers([[{ label: 'p', op: '=', value: '/a+b(c)' }], [{ label: 'p', op: '=', value: '[x]|y' }]]);
    const select = compileMatchers(union);
    expect([select({ p: '/a+b(c)' }), select({ p: '[x]|y' }), select({ p: 'aab' })]).toEqual([true, true, false]);
  });

  it('shares log queries with the same search (in any order), group-by and range, keeping the largest evidence limit', () => {
    const logs = (id: string, service: string[], evidenceLimit: number): LogDataRequest => ({
      type: 'logs',
      id,
      search: { q: 'timeout', service, severity: [], attr: [] },
      groupBy: 'service',
      from: 0,
      to: 1,
      evidenceLimit,
    });
    const plan = planBatch([
      { ruleId: 'a', requests: [logs('logs', ['x', 'y'], 5)] },
      { ruleId: 'b', requests: [logs('logs', ['y', 'x'], 2)] },
      { ruleId: 'c', requests: [logs('logs', ['z'], 5)] },
    ]);
    expect(plan.logQueries.map((q) => [q.members.map((m) => m.ruleId).join(''), q.request.evidenceLimit])).toEqual([
      ['ab', 5],
      ['c', 5],
    ]);
  });

  it('passes extension requests through', () => {
    const request = { type: 'extension', id: 'results', source: 'check-results', params: { checkId: 'c' } } as const;
    expect(planBatch([{ ruleId: 'r', requests: [request] }]).extensionRequests).toEqual([{ ruleId: 'r', request }]);
  });
});

describe('distributeResults', () => {
  it('gives each rule the groups its own query would have returned', () => {
    const a = selector({ name: 'x', agg: 'sum', by: ['service'] });
    const b = selector({ name: 'x', matchers: [{ label: 'service', op: '=', value: 'web' }] });
    const plan = planBatch([
      { ruleId: 'a', requests: [metricRequest(a)] },
      { ruleId: 'b', requests: [metricRequest(b, 'numerator')] },
    ]);
    const perSeries: GroupSeries[] = [
      { labels: { service: 'api', pod: '1' }, points: [[0, 1]] },
      { labels: { service: 'api', pod: '2' }, points: [[0, 2]] },
      { labels: { service: 'web', pod: '3' }, points: [[0, 4]] },
    ];
    const data = distributeResults(plan, { metric: new Map([[plan.metricQueries[0]?.key as string, perSeries]]), logs: new Map() });
    expect(data.get('a')?.get('query')).toEqual({ type: 'metric', series: [{ labels: { service: 'api' }, points: [[0, 3]] }, { labels: { service: 'web' }, points: [[0, 4]] }] });
    expect(data.get('b')?.get('numerator')).toEqual({ type: 'metric', series: [perSeries[2]] });
  });

  it('cuts each member’s evidence lines to its own limit, and refuses a plan without its results', () => {
    const request: LogDataRequest = { type: 'logs', id: 'logs', search: { q: '', service: [], severity: [], attr: [] }, groupBy: 'none', from: 0, to: 1, evidenceLimit: 1 };
    const plan = planBatch([{ ruleId: 'a', requests: [request] }, { ruleId: 'b', requests: [{ ...request, evidenceLimit: 3 }] }]);
    const line = (n: number) => ({ timestamp: n, service: 's', severity: 'error', body: String(n) });
    const data = distributeResults(plan, { metric: new Map(), logs: new Map([[plan.logQueries[0]?.key as string, [{ value: null, count: 9, lines: [line(1), line(2), line(3)] }]]]) });
    expect(data.get('a')?.get('logs')).toEqual({ type: 'logs', groups: [{ value: null, count: 9, lines: [line(1)] }] });
    expect(data.get('b')?.get('logs')).toEqual({ type: 'logs', groups: [{ value: null, count: 9, lines: [line(1), line(2), line(3)] }] });
    expect(() => distributeResults(plan, { metric: new Map(), logs: new Map() })).toThrow(/No results/);
  });
});

describe('toMetricQuerySpec', () => {
  it('is the engine query of one request on its own', () => {
    expect(toMetricQuerySpec(metricRequest(selector({ name: 'x', agg: 'sum', by: ['a'] })))).toEqual({
      name: 'x',
      matchers: [],
      from: NOW - 300_000,
      to: NOW - 1,
      step: 60_000,
      fn: 'raw',
      over: 'avg',
      agg: 'sum',
      by: ['a'],
      quantile: undefined,
      window: undefined,
    });
  });
});
