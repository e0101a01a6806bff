import { describe, expect, it } from 'vitest';
import { counterDelta, stepIncreases } from './counter';

describe('counterDelta', () => {
  it('is the difference, or the new value after a reset', () => {
    expect(counterDelta(5, 8)).toBe(3);
    expect(counterDelta(5, 5)).toBe(0);
    expect(counterDelta(100, 4)).toBe(4);
    expect(counterDelta(100, 0)).toBe(0);
  });
});

describe('stepIncreases', () => {
  const step = 60_000;
  it('credits each delta to the step holding the later sample, including the delta from before the step', () => {
    const samples: [number, number][] = [
      [-10_000, 10], // before `from`: only a predecessor
      [10_000, 15],
      [50_000, 20],
      [70_000, 26],
      [130_000, 30],
    ];
    expect(stepIncreases(samples, 0, step)).toEqual([
      [0, 10],
      [60_000, 6],
      [120_000, 4],
    ]);
  });

  it('counts a reset as the new value (Prometheus), so steps add up to the increase over the range', () => {
    const samples: [number, number][] = [
      [0, 100],
      [20_000, 110],
      [40_000, 3], // restart
      [80_000, 9],
    ];
    const increases = stepIncreases(samples, 0, step);
    expect(increases).toEqual([
      [0, 13],
      [60_000, 6],
    ]);
    expect(increases.reduce((sum, [, v]) => sum + v, 0)).toBe(19);
  });

  it('skips NaN staleness markers and gives nothing for a lone sample', () => {
    expect(stepIncreases([[0, 5]], 0, step)).toEqual([]);
    expect(
      stepIncreases(
        [
          [0, 5],
          [10_000, Number.NaN],
          [20_000, 7],
        ],
        0,
        step,
      ),
    ).toEqual([[0, 2]]);
  });

  it('aligns the first step down to a multiple of the step', () => {
    expect(
      stepIncreases(
        [
          [61_000, 1],
          [62_000, 2],
        ],
        90_000,
        step,
      ),
    ).toEqual([[60_000, 1]]);
  });
});
