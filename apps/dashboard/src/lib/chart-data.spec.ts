import { describe, expect, it } from 'vitest';
import { alignSeries, countPoints, seriesLabel, type TimePoint } from './chart-data';

const series = (points: TimePoint[]) => ({ points });

describe('alignSeries', () => {
  it('puts every series on one sorted time axis in seconds, null where a series has no point', () => {
    const aligned = alignSeries([
      series([
        [1000, 1],
        [3000, 3],
      ]),
      series([
        [2000, 20],
        [3000, 30],
      ]),
    ]);
    expect(aligned).toEqual({ xs: [1, 2, 3], ys: [[1, null, 3], [null, 20, 30]] });
  });

  it('passes series on identical timestamps straight through', () => {
    const aligned = alignSeries([
      series([
        [1000, 1],
        [2000, 2],
      ]),
      series([
        [1000, 10],
        [2000, 20],
      ]),
    ]);
    expect(aligned).toEqual({ xs: [1, 2], ys: [[1, 2], [10, 20]] });
  });

  it('handles no series and empty series', () => {
    expect(alignSeries([])).toEqual({ xs: [], ys: [] });
    expect(alignSeries([series([]), series([[5000, 5]])])).toEqual({ xs: [5], ys: [[null], [5]] });
  });

  it('aligns 10,000 points per series exactly, including interleaved timestamps', () => {
    const count = 10_000;
    const even = Array.from({ length: count }, (_, i): TimePoint => [i * 2000, i]);
    const odd = Array.from({ length: count }, (_, i): TimePoint => [i * 2000 + 1000, -i]);
    const { xs, ys } = alignSeries([series(even), series(odd)]);
    expect(xs).toHaveLength(2 * count);
    expect(xs.every((x, i) => x === i)).toBe(true);
    expect(ys[0]?.filter((value) => value !== null)).toEqual(even.map(([, value]) => value));
    expect(ys[1]?.[1]).toBe(-0);
    expect(ys[1]?.[2 * count - 1]).toBe(-(count - 1));
    expect(ys[0]?.[2 * count - 1]).toBeNull();
  });
});

describe('seriesLabel and countPoints', () => {
  it('names a series by its sorted labels, or by the metric when it has none', () => {
    expect(seriesLabel('m', { z: '1', a: '2' })).toBe('a="2", z="1"');
    expect(seriesLabel('m', {})).toBe('m');
  });

  it('counts points across series', () => {
    expect(countPoints([series([[1, 1], [2, 2]]), series([[1, 1]])])).toBe(3);
  });
});
