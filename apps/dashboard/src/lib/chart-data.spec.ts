import { describe, expect, it } from 'vitest';
import { alignSeries, countPoints, nonFiniteAt, seriesLabel, type TimePoint } from './chart-data';

const series = (points: TimePoint[]) => ({ points });

describe('alignSeries', () => {
  it('puts every series on one sorted time axis in seconds, undefined where a series has no point', () => {
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
    expect(aligned.xs).toEqual([1, 2, 3]);
    expect(aligned.ys).toStrictEqual([[1, undefined, 3], [undefined, 20, 30]]);
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
    expect(aligned).toMatchObject({ xs: [1, 2], ys: [[1, 2], [10, 20]] });
  });

  it('handles no series and empty series', () => {
    expect(alignSeries([])).toEqual({ xs: [], ys: [], nonFinite: [] });
    expect(alignSeries([series([]), series([[5000, 5]])])).toMatchObject({ xs: [5], ys: [[undefined], [5]] });
  });

  it('draws NaN and ±Inf as gaps but keeps them for the legend, on either path', () => {
    const same = alignSeries([series([[1000, Number.NaN], [2000, 2]]), series([[1000, 1], [2000, Infinity]])]);
    expect(same.ys).toStrictEqual([[null, 2], [1, null]]);
    expect(nonFiniteAt(same, 0, 0)).toBeNaN();
    expect(nonFiniteAt(same, 1, 1)).toBe(Infinity);
    expect(nonFiniteAt(same, 0, 1)).toBeUndefined();
    const merged = alignSeries([series([[1000, 1]]), series([[2000, -Infinity]])]);
    expect(merged.ys).toStrictEqual([[1, undefined], [undefined, null]]);
    expect(nonFiniteAt(merged, 1, 1)).toBe(-Infinity);
    expect(nonFiniteAt(merged, 1, 0)).toBeUndefined();
  });

  it('aligns 10,000 points per series exactly, including interleaved timestamps', () => {
    const count = 10_000;
    const even = Array.from({ length: count }, (_, i): TimePoint => [i * 2000, i]);
    const odd = Array.from({ length: count }, (_, i): TimePoint => [i * 2000 + 1000, -i]);
    const { xs, ys } = alignSeries([series(even), series(odd)]);
    expect(xs).toHaveLength(2 * count);
    expect(xs.every((x, i) => x === i)).toBe(true);
    expect(ys[0]?.filter((value) => value !== undefined)).toEqual(even.map(([, value]) => value));
    expect(ys[1]?.[1]).toBe(-0);
    expect(ys[1]?.[2 * count - 1]).toBe(-(count - 1));
    expect(ys[0]?.[2 * count - 1]).toBeUndefined();
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
