import { describe, expect, it } from 'vitest';
import { alignSeries, countPoints, seriesLabel } from './chart-data';

describe('alignSeries', () => {
  it('puts every series on one sorted time axis in seconds, null where a series has no point', () => {
    const aligned = alignSeries([
      { labels: { service: 'a' }, points: [[1000, 1], [3000, 3]] },
      { labels: { service: 'b' }, points: [[2000, 20], [3000, 30]] },
    ]);
    expect(aligned).toEqual({ xs: [1, 2, 3], ys: [[1, null, 3], [null, 20, 30]] });
  });

  it('handles no series', () => {
    expect(alignSeries([])).toEqual({ xs: [], ys: [] });
  });
});

describe('seriesLabel and countPoints', () => {
  it('names a series by its sorted labels, or by the metric when it has none', () => {
    expect(seriesLabel('m', { z: '1', a: '2' })).toBe('a="2", z="1"');
    expect(seriesLabel('m', {})).toBe('m');
  });

  it('counts points across series', () => {
    expect(countPoints([{ labels: {}, points: [[1, 1], [2, 2]] }, { labels: {}, points: [[1, 1]] }])).toBe(3);
  });
});
