import { sloRequestSchema, type SloRequestInput } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { checkSloDefinition, combineSides, effectiveBurnRates, sliKey, sliSides } from './slo-definition';
import { SloError } from './slo.errors';

const base: SloRequestInput = {
  name: 'Checkout availability',
  sli: { kind: 'ratio', bad: { name: 'http_requests_total', matchers: [{ label: 'code', op: '=~', value: '5..' }] }, total: { name: 'http_requests_total' } },
  objective: 99.9,
  window: { kind: 'rolling', days: 30 },
};
const parse = (input: SloRequestInput) => sloRequestSchema.parse(input);

function problemsOf(run: () => void): { code: string; paths: string[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof SloError) return { code: error.code, paths: error.errors.map((p) => p.path) };
    throw error;
  }
  return { code: 'none', paths: [] };
}

describe('SLO definitions', () => {
  it('fills the workbook pairs scaled to the window, with the SLO-wide event floor', () => {
    const slo = parse({ ...base, window: { kind: 'rolling', days: 7 }, alerting: { minEvents: 50 } });
    expect(effectiveBurnRates(slo).map((p) => [p.burnRate, p.minEvents])).toEqual([
      [3.36, 50],
      [1.4, 50],
      [0.7, 50],
      [0.233333, 50],
    ]);
    const own = parse({ ...base, alerting: { burnRates: [{ severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 10, minEvents: 3 }] } });
    expect(effectiveBurnRates(own)).toEqual([{ severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 10, minEvents: 3 }]);
  });

  it('accepts check SLIs, degraded counting as good unless said otherwise; a changed check or degraded rule is another SLI', () => {
    const checkId = '0b0f1c9e-8a51-4c3a-9d39-5b7a4a1b2c3d';
    const slo = parse({ ...base, sli: { kind: 'check_uptime', checkId } });
    expect(slo.sli).toEqual({ kind: 'check_uptime', checkId, degraded: 'good' });
    expect(problemsOf(() => checkSloDefinition(slo))).toEqual({ code: 'none', paths: [] });
    expect(sliSides(slo.sli)).toEqual([]);
    expect(sliKey(slo.sli)).not.toBe(sliKey({ kind: 'check_uptime', checkId, degraded: 'bad' }));
    expect(sliKey(slo.sli)).not.toBe(sliKey({ kind: 'check_probes', checkId, degraded: 'good' }));
    expect(sliKey(slo.sli)).toBe(sliKey({ kind: 'check_uptime', checkId, degraded: 'good' }));
  });

  it('caps the SLO-wide floor of a minutes-up SLI at the short window’s minutes (one event a minute), not a pair’s own', () => {
    const checkId = '0b0f1c9e-8a51-4c3a-9d39-5b7a4a1b2c3d';
    const uptime = parse({ ...base, sli: { kind: 'check_uptime', checkId } });
    expect(effectiveBurnRates(uptime).map((p) => [p.shortWindowSeconds, p.minEvents])).toEqual([[300, 5], [1800, 10], [7200, 10], [21600, 10]]);
    const probes = parse({ ...base, sli: { kind: 'check_probes', checkId } });
    expect(effectiveBurnRates(probes).map((p) => p.minEvents)).toEqual([10, 10, 10, 10]);
    const own = parse({ ...base, sli: { kind: 'check_uptime', checkId }, alerting: { burnRates: [{ severity: 'critical', longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 10, minEvents: 8 }] } });
    expect(effectiveBurnRates(own).map((p) => p.minEvents)).toEqual([8]);
  });

  it('refuses le in a latency SLI matchers and groups, and a short window over half the long one', () => {
    const slo = parse({
      ...base,
      sli: { kind: 'latency', histogram: 'http_request_duration_seconds', matchers: [{ label: 'le', op: '=', value: '1' }], threshold: 0.5, groupBy: ['le'] },
      alerting: { burnRates: [{ severity: 'warning', longWindowSeconds: 3600, shortWindowSeconds: 2400, burnRate: 2 }] },
    });
    expect(problemsOf(() => checkSloDefinition(slo))).toEqual({ code: 'INVALID_SLO', paths: ['sli.matchers[0]', 'sli.groupBy', 'alerting.burnRates[0].shortWindowSeconds'] });
    expect(problemsOf(() => checkSloDefinition(parse(base)))).toEqual({ code: 'none', paths: [] });
  });

  it('refuses an SLI with both good and bad, or neither, at the schema', () => {
    const both = sloRequestSchema.safeParse({ ...base, sli: { kind: 'ratio', good: { name: 'a' }, bad: { name: 'b' }, total: { name: 'c' } } });
    expect(both.success ? [] : both.error.issues.map((i) => i.path.join('.'))).toEqual(['sli.good']);
  });

  it('keys an SLI independently of matcher order', () => {
    const a = parse({ ...base, sli: { kind: 'ratio', good: { name: 'x', matchers: [{ label: 'a', op: '=', value: '1' }, { label: 'b', op: '!=', value: '2' }] }, total: { name: 'x' } } });
    const b = parse({ ...base, sli: { kind: 'ratio', good: { name: 'x', matchers: [{ label: 'b', op: '!=', value: '2' }, { label: 'a', op: '=', value: '1' }] }, total: { name: 'x' } } });
    expect(sliKey(a.sli)).toBe(sliKey(b.sli));
    expect(sliKey(a.sli)).not.toBe(sliKey(parse(base).sli));
  });

  it('reads latency from the threshold bucket and the +Inf bucket', () => {
    const slo = parse({ ...base, sli: { kind: 'latency', histogram: 'h', matchers: [], threshold: 0.3 } });
    expect(sliSides(slo.sli)).toEqual([
      { role: 'good', metric: 'h_bucket', matchers: [], bound: 0.3 },
      { role: 'total', metric: 'h_bucket', matchers: [], bound: Infinity },
    ]);
  });

  it('combines sides: bad SLIs count good = total − bad, a side without samples counts 0', () => {
    const bad = sliSides(parse(base).sli);
    expect(combineSides(bad, { total: 100, bad: 3 })).toEqual({ good: 97, valid: 100 });
    expect(combineSides(bad, { total: 100 })).toEqual({ good: 100, valid: 100 });
    const good = sliSides(parse({ ...base, sli: { kind: 'ratio', good: { name: 'ok' }, total: { name: 'all' } } }).sli);
    expect(combineSides(good, { total: 100 })).toEqual({ good: 0, valid: 100 });
    expect(combineSides(good, { good: 5 })).toEqual({ good: 5, valid: 0 });
  });
});
