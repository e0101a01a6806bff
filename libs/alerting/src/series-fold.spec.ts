import { histogramQuantile } from '@vigil/metrics-query';
import { describe, expect, it } from 'vitest';
import type { GroupSeries } from './rule-kinds/rule-kind';
import { foldSeries, groupLabelsOf } from './series-fold';

// Per-series step values as a shared agg=none query returns them.
const series: GroupSeries[] = [
  { labels: { service: 'api', pod: '1', code: '200' }, points: [[0, 1], [60, 2], [120, 3]] },
  { labels: { service: 'api', pod: '2', code: '500' }, points: [[0, 10], [120, 30]] },
  { labels: { service: 'web', pod: '3', code: '200' }, points: [[60, 5]] },
  { labels: { pod: '4', code: '200' }, points: [[0, 7]] },
  { labels: { service: '', pod: '5', code: '503' }, points: [[0, 1]] },
];

describe('foldSeries: the engine’s agg/by semantics', () => {
  it('agg=none keeps each selected series with all its labels, ordered by labels', () => {
    const result = foldSeries(series, { matchers: [{ label: 'code', op: '=~', value: '5..' }], agg: 'none', by: [] });
    expect(result).toEqual([series[1], series[4]]);
  });

  it('sum by service: per step over the group’s series; a series without the label (or empty) groups without it', () => {
    // Ordered by the canonical label text, as the engine orders series ("[]" after "[[").
    expect(foldSeries(series, { matchers: [], agg: 'sum', by: ['service'] })).toEqual([
      { labels: { service: 'api' }, points: [[0, 11], [60, 2], [120, 33]] },
      { labels: { service: 'web' }, points: [[60, 5]] },
      { labels: {}, points: [[0, 8]] },
    ]);
  });

  it('avg, min, max and count across series per step', () => {
    const api = (agg: 'avg' | 'min' | 'max' | 'count') => foldSeries(series, { matchers: [{ label: 'service', op: '=', value: 'api' }], agg, by: ['service'] })[0]?.points;
    expect(api('avg')).toEqual([[0, 5.5], [60, 2], [120, 16.5]]);
    expect(api('min')).toEqual([[0, 1], [60, 2], [120, 3]]);
    expect(api('max')).toEqual([[0, 10], [60, 2], [120, 30]]);
    expect(api('count')).toEqual([[0, 2], [60, 1], [120, 2]]);
  });

  it('without by folds everything into one group', () => {
    expect(foldSeries(series, { matchers: [], agg: 'count', by: [] })).toEqual([{ labels: {}, points: [[0, 4], [60, 2], [120, 2]] }]);
  });

  it('leaves out what no series matches', () => {
    expect(foldSeries(series, { matchers: [{ label: 'service', op: '=', value: 'nope' }], agg: 'sum', by: [] })).toEqual([]);
  });

  it('propagates NaN through sum as SQL does (reducers drop it later)', () => {
    const result = foldSeries([{ labels: { a: '1' }, points: [[0, NaN]] }, { labels: { a: '2' }, points: [[0, 1]] }], { matchers: [], agg: 'sum', by: [] });
    expect(result[0]?.points[0]?.[1]).toBeNaN();
  });

  it('quantile: sums bucket increases by by+le per step and interpolates with the engine’s histogramQuantile', () => {
    const buckets = (service: string, pod: string, counts: [string, number][]): GroupSeries[] =>
      counts.map(([le, count]) => ({ labels: { service, pod, le }, points: [[0, count], [60, count * 2]] }));
    const input = [
      ...buckets('api', '1', [['0.1', 5], ['0.5', 8], ['+Inf', 10]]),
      ...buckets('api', '2', [['0.1', 1], ['0.5', 2], ['+Inf', 2]]),
      { labels: { service: 'api', pod: '1', le: 'bogus' }, points: [[0, 100]] } as GroupSeries,
      { labels: { service: 'api', pod: '9' }, points: [[0, 100]] } as GroupSeries,
      ...buckets('web', '3', [['1', 0], ['+Inf', 0]]),
    ];
    const result = foldSeries(input, { matchers: [], agg: 'none', by: ['service'], quantile: 0.9 });
    const expected = histogramQuantile(0.9, [{ le: 0.1, count: 6 }, { le: 0.5, count: 10 }, { le: Infinity, count: 12 }]);
    // web had no observations: its steps have no answer and the group is left out.
    expect(result).toEqual([{ labels: { service: 'api' }, points: [[0, expected], [60, histogramQuantile(0.9, [{ le: 0.1, count: 12 }, { le: 0.5, count: 20 }, { le: Infinity, count: 24 }])]] }]);
    expect(expected).toBeCloseTo(0.5, 10);
  });
});

describe('groupLabelsOf', () => {
  it('keeps the by labels a series has non-empty, ignoring inherited properties', () => {
    expect(groupLabelsOf({ a: '1', b: '', c: '3' }, ['b', 'a', 'constructor'])).toEqual({ a: '1' });
  });
});
