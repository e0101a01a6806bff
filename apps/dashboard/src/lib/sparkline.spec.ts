import { describe, expect, it } from 'vitest';
import { SPARKLINE_INSET, SPARKLINE_MIN_SPAN, sparklineShape } from './sparkline';

// 100 × 20 with a 2 px inset: x runs 2…98, y 18 (lowest) … 2 (highest).
const shape = (points: [number, number][], from = 0, to = 100) => sparklineShape(points, from, to, 100, 20);

describe('sparklineShape', () => {
  it('scales time across the width and values from zero up the height, with a dot on the last point', () => {
    expect(shape([[0, 0], [50, 5], [100, 10]])).toEqual({ line: '2,18 50,10 98,2', last: { x: 98, y: 2 } });
  });

  it('draws an all-zero series along the bottom, a single point as a dot, and nothing without points', () => {
    expect(shape([[0, 0], [100, 0]]).line).toBe('2,18 98,18');
    expect(shape([[100, 7]])).toEqual({ line: '', last: { x: 98, y: 2 } });
    expect(shape([])).toEqual({ line: '', last: undefined });
  });

  it('draws data covering part of the range where it lies, at least SPARKLINE_MIN_SPAN wide', () => {
    // The last 3 minutes of an hour: 96 px × 3/60 ≈ 5 px, widened leftwards from its real end.
    const hour = 3_600_000;
    const recent = sparklineShape([[hour - 180_000, 1], [hour - 90_000, 4], [hour, 2]], 0, hour, 100, 20);
    const xs = recent.line.split(' ').map((pair) => Number(pair.split(',')[0]));
    expect(xs).toEqual([98 - SPARKLINE_MIN_SPAN, 98 - SPARKLINE_MIN_SPAN / 2, 98]);
    expect(recent.last?.x).toBe(98);
    // Data at the start of the range is widened without leaving the drawing.
    const early = shape([[0, 1], [1, 2]]);
    expect(early.line.split(' ').map((pair) => Number(pair.split(',')[0]))).toEqual([SPARKLINE_INSET, SPARKLINE_INSET + SPARKLINE_MIN_SPAN]);
  });

  it('keeps the real positions of data that is wide enough', () => {
    expect(shape([[50, 1], [100, 1]]).line).toBe('50,2 98,2');
  });
});
