import type { AlertRule } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { searchRecord } from './search-params';
import { describeRuleState, filterRules, ruleFiltersFromSearch, ruleFiltersToSearch, ruleState } from './rule-status';

function rule(name: string, change: Partial<AlertRule> = {}, status: Partial<AlertRule['status']> = {}): AlertRule {
  return {
    id: name,
    name,
    description: '',
    enabled: true,
    intervalSeconds: 60,
    forSeconds: 0,
    keepFiringForSeconds: 0,
    noData: 'ok',
    labels: {},
    annotations: {},
    kind: 'metric_threshold',
    spec: {},
    createdAt: '',
    updatedAt: '',
    status: { firing: 0, pending: 0, severity: null, lastEvaluatedAt: '2026-01-01T00:00:00.000Z', lastError: null, ...status },
    ...change,
  };
}

describe('rule state', () => {
  it('puts the most pressing state first', () => {
    expect(ruleState(rule('a', { enabled: false }, { firing: 2 }))).toBe('disabled');
    expect(ruleState(rule('a', {}, { firing: 1, pending: 1, lastError: 'x' }))).toBe('firing');
    expect(ruleState(rule('a', {}, { pending: 1, lastError: 'x' }))).toBe('pending');
    expect(ruleState(rule('a', {}, { lastError: 'query failed' }))).toBe('error');
    expect(ruleState(rule('a', {}, { lastEvaluatedAt: null }))).toBe('not evaluated');
    expect(ruleState(rule('a'))).toBe('ok');
  });

  it('says it with counts and severity', () => {
    expect(describeRuleState(rule('a', {}, { firing: 2, severity: 'critical', pending: 1 }))).toBe('2 firing · critical, 1 pending');
    expect(describeRuleState(rule('a', {}, { pending: 3 }))).toBe('3 pending');
    expect(describeRuleState(rule('a'))).toBe('ok');
  });
});

describe('filterRules', () => {
  const rules = [rule('Checkout latency'), rule('Checkout errors', { kind: 'metric_ratio' }, { firing: 1 }), rule('Quiet billing', { kind: 'log_count' })];

  it('searches names by every word, any case', () => {
    expect(filterRules(rules, { q: 'checkout', state: 'all', kind: 'all' }).map((one) => one.name)).toEqual(['Checkout latency', 'Checkout errors']);
    expect(filterRules(rules, { q: 'ERRORS check', state: 'all', kind: 'all' }).map((one) => one.name)).toEqual(['Checkout errors']);
  });

  it('filters by state and kind', () => {
    expect(filterRules(rules, { q: '', state: 'firing', kind: 'all' }).map((one) => one.name)).toEqual(['Checkout errors']);
    expect(filterRules(rules, { q: '', state: 'all', kind: 'log_count' }).map((one) => one.name)).toEqual(['Quiet billing']);
    expect(filterRules(rules, { q: 'checkout', state: 'ok', kind: 'metric_ratio' })).toEqual([]);
  });
});

describe('filters in the address bar', () => {
  it('round-trips and ignores what it does not know', () => {
    const params = ruleFiltersToSearch({ q: 'api', state: 'firing', kind: 'log_count' }, { project: 'p' });
    expect(params.toString()).toBe('project=p&q=api&state=firing&kind=log_count');
    expect(ruleFiltersFromSearch(searchRecord(params))).toEqual({ q: 'api', state: 'firing', kind: 'log_count' });
    expect(ruleFiltersFromSearch({ state: 'weird', kind: 'nope' })).toEqual({ q: '', state: 'all', kind: 'all' });
  });
});
