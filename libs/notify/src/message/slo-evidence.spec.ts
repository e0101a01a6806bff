import type { AlertEvidence } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { describeEvidence } from './evidence-text';

const TO = Date.parse('2026-05-01T10:00:00Z');
const base: AlertEvidence = { value: 15.2, numerator: 912, denominator: 60_000, threshold: 14.4, comparator: '>', from: TO - 3_600_000, to: TO };
const slo = { id: 's1', name: 'Checkout availability', objective: 99.9, budgetRemainingPercent: 62.346, burnRate: 15.2, burnRateWindowSeconds: 3600, shortBurnRate: 18.04, shortWindowSeconds: 300, exhaustsAt: TO + 29.5 * 3_600_000, validEvents: 60_000, minEvents: 10 };

describe('SLO evidence', () => {
  it('says the budget left, the burn rate and when the budget runs out at that rate', () => {
    const facts = describeEvidence({ ...base, slo });
    expect(facts.slo).toEqual({
      budgetLeft: '62.35 %',
      burnRate: '15.2×',
      burnRateWindow: '1h',
      shortBurnRate: '18×',
      shortWindow: '5m',
      runsOut: 'in 1d5h (2026-05-02 15:30:00 UTC)',
      exhaustsAt: '2026-05-02T15:30:00.000Z',
    });
    expect(facts.text).toBe(
      'value 15.2 = 912 / 60000 (threshold > 14.4) over 1h ending 2026-05-01 10:00:00 UTC. Checkout availability: 62.35 % of the error budget left; burn rate 15.2× over 1h and 18× over 5m; at this rate the budget runs out in 1d5h (2026-05-02 15:30:00 UTC)',
    );
  });

  it('says when it is already exhausted, when it does not run out, and when events are below the floor', () => {
    expect(describeEvidence({ ...base, slo: { ...slo, budgetRemainingPercent: -20, exhaustsAt: null } }).text).toMatch(/-20 % of the error budget left; .*runs out — it is already exhausted$/);
    expect(describeEvidence({ ...base, slo: { ...slo, burnRate: 0, exhaustsAt: null } }).slo?.runsOut).toBe('not at this rate');
    expect(describeEvidence({ ...base, value: null, slo: { ...slo, validEvents: 3, exhaustsAt: null } }).text).toContain('(only 3 events, fewer than the 10 an alert needs)');
  });

  it('leaves other evidence alone', () => {
    expect(describeEvidence(base).slo).toBeNull();
    expect(describeEvidence(base).text).toBe('value 15.2 = 912 / 60000 (threshold > 14.4) over 1h ending 2026-05-01 10:00:00 UTC');
  });
});
