import { type AlertRule, alertRuleRequestSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { emptyRuleForm, type RuleForm, ruleFormFromRule, ruleRequestFromForm, ruleRequestWithEnabled } from './rule-form';

function thresholdForm(change: Partial<RuleForm> = {}): RuleForm {
  const form = emptyRuleForm('metric_threshold');
  return { ...form, name: 'Queue too deep', query: { ...form.query, metric: 'queue_depth', matchers: [{ label: 'queue', op: '=', value: 'emails' }] }, critical: '100', ...change };
}

function stored(request: unknown): AlertRule {
  const parsed = alertRuleRequestSchema.parse(request);
  return {
    ...parsed,
    id: 'r1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    status: { firing: 0, pending: 0, severity: null, lastEvaluatedAt: null, lastError: null },
  };
}

describe('ruleRequestFromForm', () => {
  it('makes the contract’s request for a metric threshold rule', () => {
    const result = ruleRequestFromForm(thresholdForm({ interval: '30s', forDuration: '2m', warning: '80', labels: [{ key: 'team', value: 'mail' }] }));
    expect(result).toEqual({
      ok: true,
      request: {
        name: 'Queue too deep',
        description: '',
        enabled: true,
        kind: 'metric_threshold',
        intervalSeconds: 30,
        forSeconds: 120,
        keepFiringForSeconds: 0,
        noData: 'ok',
        labels: { team: 'mail' },
        annotations: {},
        spec: { query: { name: 'queue_depth', matchers: [{ label: 'queue', op: '=', value: 'emails' }], fn: 'raw', agg: 'none', by: [] }, windowSeconds: 300, reducer: 'last', comparator: '>', warning: 80, critical: 100 },
      },
    });
  });

  it('names every field the schema refuses, where it is', () => {
    const result = ruleRequestFromForm(emptyRuleForm());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toBe('must not be empty');
    expect(result.errors['spec.query.name']).toBe('Pick a metric: start typing its name.');
    expect(result.errors['spec.critical']).toBe('give a warning or a critical threshold (or both)');
    expect(result.unplaced).toEqual([]);
  });

  it('says how to write a duration or a number it cannot read', () => {
    const result = ruleRequestFromForm(thresholdForm({ interval: 'often', critical: 'lots' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.intervalSeconds).toContain('30s, 5m');
    expect(result.errors['spec.critical']).toContain('number');
  });

  it('places the schema’s cross-field checks: warning beyond critical, matchers, labels', () => {
    const result = ruleRequestFromForm(
      thresholdForm({ warning: '200', labels: [{ key: 'bad-name', value: 'x' }], query: { ...thresholdForm().query, matchers: [{ label: '1x', op: '=', value: 'a' }] } }),
    );
    if (result.ok) throw new Error('expected problems');
    expect(result.errors['spec.warning']).toContain('must not be above the critical one');
    expect(result.errors['spec.query.matchers']).toBeDefined();
    expect(result.errors.labels).toBeDefined();
  });

  it('requires ratio sides to group by the same labels', () => {
    const form = emptyRuleForm('metric_ratio');
    const result = ruleRequestFromForm({
      ...form,
      name: 'Error ratio',
      numerator: { ...form.numerator, metric: 'errors_total', fn: 'rate', agg: 'sum', by: ['service'] },
      denominator: { ...form.denominator, metric: 'requests_total', fn: 'rate', agg: 'sum' },
      critical: '5',
    });
    if (result.ok) throw new Error('expected a problem');
    expect(result.errors['spec.denominator.by']).toContain('same labels');
  });

  it('groups a log count by an attribute', () => {
    const form = emptyRuleForm('log_count');
    const result = ruleRequestFromForm({
      ...form,
      name: 'Payment errors',
      log: { q: 'payment failed', services: ['checkout'], severities: ['error', 'fatal'], attrs: ['region=eu'], groupBy: 'attribute', groupByAttribute: 'http.route' },
      comparator: '>=',
      critical: '10',
    });
    expect(result.ok && result.request.spec).toEqual({
      search: { q: 'payment failed', service: ['checkout'], severity: ['error', 'fatal'], attr: ['region=eu'] },
      groupBy: 'attribute:http.route',
      windowSeconds: 300,
      comparator: '>=',
      critical: 10,
    });
  });
});

describe('ruleFormFromRule', () => {
  it('puts each kind of stored rule back in the form, and the form sends it unchanged', () => {
    const requests = [
      {
        name: 'Latency',
        kind: 'metric_threshold',
        intervalSeconds: 30,
        forSeconds: 60,
        keepFiringForSeconds: 120,
        noData: 'alert',
        labels: { team: 'web' },
        annotations: { summary: 'p99 is high' },
        spec: { query: { name: 'latency_seconds', quantile: 0.99, by: ['route'], window: 300_000 }, windowSeconds: 600, reducer: 'max', comparator: '>', warning: 0.5, critical: 1, recovery: 0.4 },
      },
      {
        name: 'Errors',
        kind: 'metric_ratio',
        spec: { numerator: { name: 'errors_total', fn: 'rate', agg: 'sum', by: ['service'] }, denominator: { name: 'requests_total', fn: 'rate', agg: 'sum', by: ['service'] }, percent: false, comparator: '>', critical: 0.05 },
      },
      { name: 'Quiet', kind: 'log_count', spec: { search: { service: ['billing'] }, groupBy: 'service', windowSeconds: 900, comparator: '<', critical: 1 } },
    ];
    for (const request of requests) {
      const rule = stored(request);
      const form = ruleFormFromRule(rule);
      expect(form).toBeDefined();
      const back = ruleRequestFromForm(form as RuleForm);
      expect(back).toEqual({ ok: true, request: alertRuleRequestSchema.parse(request) });
    }
  });

  it('declines a kind it cannot edit', () => {
    expect(ruleFormFromRule({ ...stored({ name: 'x', kind: 'log_count', spec: { search: {}, critical: 1, comparator: '>' } }), kind: 'slo_burn_rate' })).toBeUndefined();
  });
});

describe('ruleRequestWithEnabled', () => {
  it('replaces the rule as stored with only enabled changed', () => {
    const rule = stored({ name: 'x', kind: 'log_count', spec: { search: {}, critical: 1, comparator: '>' } });
    const request = ruleRequestWithEnabled(rule, false);
    expect(alertRuleRequestSchema.parse(request)).toEqual({ ...alertRuleRequestSchema.parse({ name: 'x', kind: 'log_count', spec: { search: {}, critical: 1, comparator: '>' } }), enabled: false });
  });
});
