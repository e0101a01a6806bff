import type { SloRuleData } from '@vigil/slo';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../compile-rule';
import { evaluateRule } from '../evaluate-rule';
import { createRuleKindRegistry } from './registry';
import type { RuleData } from './rule-kind';

const SLO = '11111111-2222-4333-8444-555555555555';
const NOW = Date.parse('2026-05-01T10:00:00Z');
const MONTH = 30 * 86_400_000;

const data = (groups: SloRuleData['groups']): RuleData => new Map([['slo', { type: 'extension', value: { sloId: SLO, name: 'Checkout', objective: 99.9, windowLengthMs: MONTH, to: NOW, groups } satisfies SloRuleData }]]);
const rule = (kind: string, spec: unknown) =>
  compileRule(createRuleKindRegistry(), { id: 'r1', name: 'Checkout page', kind, spec, intervalSeconds: 60, forSeconds: 0, keepFiringForSeconds: 0, noData: 'ok', labels: {}, annotations: {} });

describe('slo_burn_rate', () => {
  const burn = rule('slo_burn_rate', { sloId: SLO, severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4, minEvents: 10 });

  it('asks the slo source for both windows and pages when both burn above the factor', () => {
    expect(burn.dataRequests(NOW)).toEqual([{ type: 'extension', id: 'slo', source: 'slo', params: { sloId: SLO, windowsSeconds: [3600, 300] } }]);
    // 2 % errors over the hour (20×), 3 % over 5 min (30×); budget 40 % spent.
    const evaluation = evaluateRule(burn, data([{ labels: {}, windows: [{ good: 58_800, valid: 60_000 }, { good: 4_850, valid: 5_000 }], budget: { good: 999_600, valid: 1_000_000 } }]), [], NOW);
    const state = evaluation.instances[0];
    expect(state?.status).toBe('firing');
    expect(state?.severity).toBe('critical');
    expect(state?.lastValue).toBeCloseTo(20, 9);
    expect(state?.evidence).toMatchObject({ numerator: 1_200, denominator: 60_000, threshold: 14.4, comparator: '>', from: NOW - 3_600_000, to: NOW });
    const slo = state?.evidence?.slo;
    expect(slo?.budgetRemainingPercent).toBeCloseTo(60, 9);
    expect(slo?.burnRate).toBeCloseTo(20, 9);
    expect(slo?.shortBurnRate).toBeCloseTo(30, 9);
    // 60 % of a 30-day budget at 20× lasts 0.6 × 30 d / 20 = 21.6 h.
    expect(slo?.exhaustsAt).toBe(NOW + Math.round(((slo?.budgetRemainingPercent ?? 0) / 100) * MONTH / (slo?.burnRate ?? 1)));
    expect(((slo?.exhaustsAt ?? 0) - NOW) / 3_600_000).toBeCloseTo(21.6, 6);
  });

  it('stays quiet below the event floor, and keeps one instance per label group', () => {
    const evaluation = evaluateRule(
      burn,
      data([
        { labels: { service: 'night' }, windows: [{ good: 8, valid: 9 }, { good: 2, valid: 3 }], budget: { good: 100, valid: 101 } },
        { labels: { service: 'day' }, windows: [{ good: 60_000, valid: 60_000 }, { good: 5_000, valid: 5_000 }], budget: { good: 1e6, valid: 1e6 } },
      ]),
      [],
      NOW,
    );
    expect(evaluation.instances.map((i) => [i.groupLabels, i.status, i.lastValue])).toEqual([
      [{ service: 'night' }, 'inactive', null],
      [{ service: 'day' }, 'inactive', 0],
    ]);
  });

  it('warns for ticket pairs', () => {
    const ticket = rule('slo_burn_rate', { sloId: SLO, severity: 'warning', longWindowSeconds: 86400, shortWindowSeconds: 7200, burnRate: 3, minEvents: 0 });
    expect(ticket.instanceRule.thresholds).toEqual({ comparator: '>', warning: 3 });
  });
});

describe('slo_budget', () => {
  const budget = rule('slo_budget', { sloId: SLO, warningPercent: 25, exhausted: true, minEvents: 10 });

  it('warns at or below the percentage and is critical once exhausted, quoting the hour burn rate', () => {
    expect(budget.instanceRule.thresholds).toEqual({ comparator: '<=', warning: 25, critical: 0 });
    const low = evaluateRule(budget, data([{ labels: {}, windows: [{ good: 990, valid: 1000 }], budget: { good: 999_200, valid: 1_000_000 } }]), [], NOW).instances[0];
    expect(low?.status).toBe('firing');
    expect(low?.severity).toBe('warning');
    expect(low?.lastValue).toBeCloseTo(20, 9);
    expect(low?.evidence?.slo?.burnRate).toBeCloseTo(10, 9);
    const out = evaluateRule(budget, data([{ labels: {}, windows: [{ good: 990, valid: 1000 }], budget: { good: 998_000, valid: 1_000_000 } }]), [], NOW).instances[0];
    expect(out?.severity).toBe('critical');
    expect(out?.evidence?.slo?.exhaustsAt).toBeNull();
  });

  it('needs the event floor in the window', () => {
    const few = evaluateRule(budget, data([{ labels: {}, windows: [{ good: 0, valid: 1 }], budget: { good: 0, valid: 1 } }]), [], NOW).instances[0];
    expect(few?.status).toBe('inactive');
    expect(few?.lastValue).toBeNull();
  });

  it('refuses a spec with neither a warning nor exhaustion', () => {
    expect(() => rule('slo_budget', { sloId: SLO, warningPercent: null, exhausted: false, minEvents: 0 })).toThrow(/warningPercent: give a warning percentage or exhausted: true/);
  });
});
