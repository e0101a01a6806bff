import { describe, expect, it } from 'vitest';
import { compileRule, type RuleDefinition, validateRuleSpec } from './compile-rule';
import { createRuleKindRegistry } from './rule-kinds/registry';

const registry = createRuleKindRegistry();
const definition: RuleDefinition = {
  id: 'r1',
  name: 'Errors',
  kind: 'metric_ratio',
  spec: {
    numerator: { name: 'http_requests_total', fn: 'rate', agg: 'sum', by: ['service'], matchers: [{ label: 'code', op: '=~', value: '5..' }] },
    denominator: { name: 'http_requests_total', fn: 'rate', agg: 'sum', by: ['service'] },
    comparator: '>',
    warning: 1,
    critical: 5,
    recovery: 0.5,
  },
  intervalSeconds: 60,
  forSeconds: 120,
  keepFiringForSeconds: 0,
  noData: 'ok',
  labels: { team: 'web' },
  annotations: { runbook: 'https://runbooks/errors' },
};

describe('compileRule', () => {
  it('parses the spec once and binds the kind to it', () => {
    const rule = compileRule(registry, definition);
    expect(rule.enabled).toBe(true);
    expect(rule.instanceRule).toEqual({
      id: 'r1',
      name: 'Errors',
      labels: { team: 'web' },
      annotations: { runbook: 'https://runbooks/errors' },
      forSeconds: 120,
      keepFiringForSeconds: 0,
      noData: 'ok',
      thresholds: { comparator: '>', warning: 1, critical: 5, recovery: 0.5 },
    });
    expect(rule.dataRequests(600_000).map((r) => [r.id, r.type === 'metric' ? [r.from, r.to, r.step] : null])).toEqual([
      ['numerator', [300_000, 599_999, 60_000]],
      ['denominator', [300_000, 599_999, 60_000]],
    ]);
  });

  it('refuses unknown kinds and invalid specs', () => {
    expect(() => compileRule(registry, { ...definition, kind: 'nope' })).toThrow(/Unknown rule kind/);
    expect(() => compileRule(registry, { ...definition, spec: {} })).toThrow(/Invalid metric_ratio spec/);
  });
});

describe('validateRuleSpec', () => {
  it('answers with the problems under spec., or the parsed spec', () => {
    expect(validateRuleSpec(registry, 'metric_ratio', definition.spec)).toMatchObject({ ok: true, spec: { percent: true, reducer: 'last' } });
    const bad = validateRuleSpec(registry, 'metric_threshold', { query: { name: 'x', matchers: [{ label: 'a', op: '=~', value: '\\1' }] }, comparator: '>', critical: 1 });
    expect(bad).toEqual({ ok: false, problems: [{ path: 'spec.query.matchers[0].value', message: expect.stringContaining('backreference') }] });
    expect(validateRuleSpec(registry, 'nope', {})).toEqual({ ok: false, problems: [{ path: 'kind', message: 'unknown rule kind "nope"' }] });
  });
});
