import { describe, expect, it } from 'vitest';
import type { AlertingError } from '../alerting.errors';
import { metricThresholdKind } from './metric-threshold.kind';
import type { RuleData } from './rule-kind';

const NOW = 1_764_000_000_000;
const spec = metricThresholdKind.parseSpec({
  query: { name: 'cpu_usage', matchers: [{ label: 'env', op: '=', value: 'prod' }], agg: 'avg', by: ['host'] },
  windowSeconds: 300,
  reducer: 'avg',
  comparator: '>',
  warning: 80,
  critical: 90,
});

describe('metric_threshold', () => {
  it('parses with the contract schema and its defaults', () => {
    expect(spec.query.fn).toBe('raw');
    expect(metricThresholdKind.parseSpec({ query: { name: 'x' }, comparator: '<', critical: 1 })).toMatchObject({ windowSeconds: 300, reducer: 'last', query: { matchers: [], agg: 'none', by: [] } });
  });

  it('refuses an invalid spec with every problem and its path', () => {
    try {
      metricThresholdKind.parseSpec({ query: { name: 'x', matchers: [{ label: 'a', op: '=~', value: '(?=x)' }] }, comparator: '>' });
      expect.unreachable();
    } catch (error) {
      expect((error as AlertingError).code).toBe('INVALID_RULE_SPEC');
      expect((error as AlertingError).errors.map((p) => p.path)).toEqual(['critical']);
    }
    try {
      metricThresholdKind.parseSpec({ query: { name: 'x', matchers: [{ label: 'a', op: '=~', value: '(?=x)' }] }, comparator: '>', critical: 1 });
      expect.unreachable();
    } catch (error) {
      expect((error as AlertingError).errors).toEqual([{ path: 'query.matchers[0].value', message: expect.stringContaining('lookahead') }]);
    }
  });

  it('asks for the selector over [now − window, now) at step min(interval, window)', () => {
    expect(metricThresholdKind.dataRequests(spec, { now: NOW, intervalSeconds: 60 })).toEqual([
      { type: 'metric', id: 'query', selector: spec.query, from: NOW - 300_000, to: NOW - 1, step: 60_000 },
    ]);
  });

  it('reduces each group over the window into one observation per group', () => {
    const data: RuleData = new Map([
      [
        'query',
        {
          type: 'metric',
          series: [
            { labels: { host: 'a' }, points: [[NOW - 300_000, 70], [NOW - 240_000, 90], [NOW - 180_000, 95]] },
            { labels: { host: 'b' }, points: [[NOW - 300_000, NaN]] },
          ],
        },
      ],
    ]);
    expect(metricThresholdKind.observe(spec, data, { now: NOW, intervalSeconds: 60, knownGroups: [] })).toEqual([
      { labels: { host: 'a' }, value: 85, evidence: { value: 85, threshold: null, comparator: '>', from: NOW - 300_000, to: NOW } },
      { labels: { host: 'b' }, value: undefined, evidence: { value: null, threshold: null, comparator: '>', from: NOW - 300_000, to: NOW } },
    ]);
  });

  it('says so when the caller forgot the data (a wiring bug, not no data)', () => {
    expect(() => metricThresholdKind.observe(spec, new Map(), { now: NOW, intervalSeconds: 60, knownGroups: [] })).toThrow(/No metric data was given for request "query"/);
  });

  it('gives the thresholds to the state machine', () => {
    expect(metricThresholdKind.thresholds(spec)).toEqual({ comparator: '>', warning: 80, critical: 90, recovery: undefined });
  });
});
