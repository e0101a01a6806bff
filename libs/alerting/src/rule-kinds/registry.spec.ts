import { describe, expect, it } from 'vitest';
import { AlertingError } from '../alerting.errors';
import { createRuleKindRegistry, RuleKindRegistry } from './registry';
import type { RuleKind } from './rule-kind';

/** A kind the engine has never heard of: up when the last check result is 1. */
const laterKind: RuleKind<{ checkId: string }> = {
  name: 'later_kind',
  parseSpec: (input) => ({ checkId: String((input as { checkId?: unknown }).checkId) }),
  thresholds: () => ({ comparator: '<', critical: 1 }),
  dataRequests: (spec) => [{ type: 'extension', id: 'results', source: 'check-results', params: { checkId: spec.checkId } }],
  observe: (_spec, data) => {
    const found = data.get('results');
    const up = found?.type === 'extension' ? (found.value as number) : undefined;
    return [{ labels: {}, value: up, evidence: { value: up ?? null, threshold: null, comparator: '<', from: 0, to: 0 } }];
  },
};

describe('RuleKindRegistry', () => {
  it('holds the built-in kinds', () => {
    expect(createRuleKindRegistry().names()).toEqual(['metric_threshold', 'metric_ratio', 'log_count', 'check_down', 'slo_burn_rate', 'slo_budget']);
  });

  it('takes a later kind without any change to the engine', () => {
    const registry = createRuleKindRegistry().register(laterKind);
    const kind = registry.get('later_kind');
    const spec = kind.parseSpec({ checkId: 'c1' });
    expect(kind.dataRequests(spec, { now: 0, intervalSeconds: 60 })).toEqual([{ type: 'extension', id: 'results', source: 'check-results', params: { checkId: 'c1' } }]);
    expect(kind.observe(spec, new Map([['results', { type: 'extension', value: 0 }]]), { now: 0, intervalSeconds: 60, knownGroups: [] })[0]?.value).toBe(0);
  });

  it('refuses duplicates and names the known kinds for an unknown one', () => {
    expect(() => new RuleKindRegistry().register(laterKind).register(laterKind)).toThrow(AlertingError);
    try {
      createRuleKindRegistry().get('later_kind');
      expect.unreachable();
    } catch (error) {
      expect((error as AlertingError).code).toBe('UNKNOWN_RULE_KIND');
      expect((error as AlertingError).message).toContain('metric_threshold, metric_ratio, log_count, check_down, slo_burn_rate, slo_budget');
    }
  });
});
