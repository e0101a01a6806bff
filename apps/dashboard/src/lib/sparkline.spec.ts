import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './sparkline';

describe('sparklinePoints', () => {
  it('scales time across the width and values from zero up the height', () => {
    expect(
      sparklinePoints(
        [
          [0, 0],
          [50, 5],
          [100, 10],
        ],
        0,
        100,
        100,
        20,
      ),
    ).toBe('0,20 50,10 100,0');
  });

  it('draws an all-zero series along the bottom, and nothing without points', () => {
    expect(sparklinePoints([[0, 0]], 0, 10, 10, 20)).toBe('0,20');
    expect(sparklinePoints([], 0, 10, 10, 20)).toBe('');
  });
});
