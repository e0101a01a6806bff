import { describe, expect, it } from 'vitest';
import { burnState, describePair, describeSli, describeWindow, formatBudget, formatBurnRate, formatSli } from './slo-display';

describe('SLO figures as text', () => {
  it('writes an SLI with the digits that tell nines apart', () => {
    expect(formatSli(0.9995)).toBe('99.95 %');
    expect(formatSli(0.99912)).toBe('99.912 %');
    expect(formatSli(0.9)).toBe('90 %');
    expect(formatSli(1)).toBe('100 %');
    expect(formatSli(null)).toBe('no data');
  });

  it('writes the budget, overspent included, and burn rates', () => {
    expect(formatBudget(62.54)).toBe('62.5 %');
    expect(formatBudget(-120)).toBe('-120 %');
    expect(formatBurnRate(14.4)).toBe('14.4×');
    expect(formatBurnRate(2.345)).toBe('2.35×');
    expect(formatBurnRate(0)).toBe('0×');
    expect(formatBurnRate(1000.4)).toBe('1000×');
    expect(formatBurnRate(null)).toBe('—');
  });

  it('describes windows, SLIs and pairs', () => {
    expect(describeWindow({ kind: 'rolling', days: 28 })).toBe('rolling 28 days');
    expect(describeWindow({ kind: 'calendar', unit: 'quarter', timeZone: 'Europe/Berlin' })).toBe('calendar quarter (Europe/Berlin)');
    expect(
      describeSli({ kind: 'ratio', bad: { name: 'http_requests_total', matchers: [{ label: 'code', op: '=~', value: '5..' }] }, total: { name: 'http_requests_total', matchers: [] }, groupBy: ['route'] }),
    ).toBe('1 − http_requests_total{code=~"5.."} / http_requests_total by route');
    expect(describeSli({ kind: 'latency', histogram: 'rpc_seconds', matchers: [], threshold: 0.5, groupBy: [] })).toBe('rpc_seconds ≤ 0.5');
    const checkId = '0b7e8a52-7d0f-4c55-9a53-1f7f3a0c2d11';
    expect(describeSli({ kind: 'check_probes', checkId, degraded: 'good' }, 'Checkout API')).toBe('successful probes of check Checkout API');
    expect(describeSli({ kind: 'check_uptime', checkId, degraded: 'bad' }, 'Checkout API')).toBe('minutes up of check Checkout API (degraded counts as down)');
    expect(describeSli({ kind: 'check_uptime', checkId, degraded: 'good' })).toBe(`minutes up of check ${checkId}`);
    expect(describePair({ burnRate: 14.4, longWindowSeconds: 3600, shortWindowSeconds: 300 })).toBe('14.4× over 1h and 5m');
  });

  it('takes the burn state from the alerts', () => {
    expect(burnState({ sli: null, budgetRemainingPercent: null, burnRate1h: null, state: 'no_data', firing: 0 })).toBe('no data');
    expect(burnState({ sli: 0.99, budgetRemainingPercent: 10, burnRate1h: 20, state: 'critical', firing: 1 })).toBe('critical');
  });
});
