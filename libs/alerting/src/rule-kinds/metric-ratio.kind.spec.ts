import { describe, expect, it } from 'vitest';
import { metricRatioKind } from './metric-ratio.kind';
import type { GroupSeries, RuleData } from './rule-kind';

const NOW = 1_764_000_000_000;
const selector = (code?: string) => ({
  name: 'http_requests_total',
  fn: 'rate',
  agg: 'sum',
  by: ['service'],
  matchers: code === undefined ? [] : [{ label: 'code', op: '=~', value: code }],
});
const spec = metricRatioKind.parseSpec({ numerator: selector('5..'), denominator: selector(), reducer: 'avg', comparator: '>', critical: 5, windowSeconds: 600 });
const data = (numerator: GroupSeries[], denominator: GroupSeries[]): RuleData =>
  new Map([
    ['numerator', { type: 'metric', series: numerator }],
    ['denominator', { type: 'metric', series: denominator }],
  ]);
const observe = (d: RuleData, s = spec) => metricRatioKind.observe(s, d, { now: NOW, intervalSeconds: 60, knownGroups: [] });

describe('metric_ratio', () => {
  it('requests both sides over the same range and step', () => {
    const [numerator, denominator] = metricRatioKind.dataRequests(spec, { now: NOW, intervalSeconds: 60 });
    expect(numerator).toMatchObject({ id: 'numerator', from: NOW - 600_000, to: NOW - 1, step: 60_000 });
    expect(denominator).toMatchObject({ id: 'denominator', from: NOW - 600_000, to: NOW - 1, step: 60_000 });
  });

  it('divides the reduced sides per group, × 100 with percent (the default)', () => {
    const result = observe(
      data(
        [{ labels: { service: 'a' }, points: [[0, 1], [60_000, 3]] }],
        [{ labels: { service: 'a' }, points: [[0, 20], [60_000, 20]] }],
      ),
    );
    expect(result).toEqual([{ labels: { service: 'a' }, value: 10, evidence: { value: 10, numerator: 2, denominator: 20, threshold: null, comparator: '>', from: NOW - 600_000, to: NOW } }]);
    const fraction = metricRatioKind.parseSpec({ numerator: selector('5..'), denominator: selector(), reducer: 'avg', comparator: '>', critical: 0.05, percent: false });
    expect(observe(data([{ labels: { service: 'a' }, points: [[0, 1]] }], [{ labels: { service: 'a' }, points: [[0, 20]] }]), fraction)[0]?.value).toBe(0.05);
  });

  it('counts a group missing from the numerator as 0, and gives no value without a denominator or with 0', () => {
    const result = observe(
      data(
        [
          { labels: { service: 'b' }, points: [[0, 1]] },
          { labels: { service: 'c' }, points: [[0, 1]] },
        ],
        [
          { labels: { service: 'a' }, points: [[0, 50]] },
          { labels: { service: 'c' }, points: [[0, 0]] },
        ],
      ),
    );
    expect(result.map((o) => [o.labels, o.value, o.evidence.numerator, o.evidence.denominator])).toEqual([
      [{ service: 'a' }, 0, 0, 50],
      [{ service: 'b' }, undefined, 1, undefined],
      [{ service: 'c' }, undefined, 1, 0],
    ]);
  });

  it('counts a numerator group whose values are all non-finite as 0', () => {
    expect(observe(data([{ labels: {}, points: [[0, NaN]] }], [{ labels: {}, points: [[0, 4]] }]))[0]?.value).toBe(0);
  });

  it('refuses sides grouped by different labels (the contract schema)', () => {
    expect(() => metricRatioKind.parseSpec({ numerator: { ...selector('5..'), by: ['job'] }, denominator: selector(), comparator: '>', critical: 5 })).toThrow(/denominator\.by/);
  });
});
