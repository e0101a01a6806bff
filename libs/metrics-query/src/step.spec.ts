import { describe, expect, it } from 'vitest';
import { alignDown, defaultStep, stepCount, stepStarts } from './step';

describe('step arithmetic', () => {
  it('aligns to multiples of the step since the epoch', () => {
    expect(alignDown(1_764_000_123_456, 60_000)).toBe(1_764_000_120_000);
    expect(alignDown(120_000, 60_000)).toBe(120_000);
    expect(alignDown(0, 1000)).toBe(0);
  });

  it('defaults to range / 240 rounded up to a whole second, within 1 s … 1 d', () => {
    expect(defaultStep(0, 3_600_000)).toBe(15_000);
    expect(defaultStep(0, 86_400_000)).toBe(360_000);
    expect(defaultStep(0, 1_000_001)).toBe(5_000); // 4,166.67 ms → 5 s
    expect(defaultStep(0, 10_000)).toBe(1_000);
    expect(defaultStep(0, 31 * 86_400_000)).toBe(11_160_000);
    expect(defaultStep(0, 1_000 * 86_400_000)).toBe(86_400_000);
  });

  it('lists the step starts covering a range, both ends included', () => {
    expect(stepStarts(30_000, 150_000, 60_000)).toEqual([0, 60_000, 120_000]);
    expect(stepStarts(60_000, 120_000, 60_000)).toEqual([60_000, 120_000]);
    expect(stepCount(30_000, 150_000, 60_000)).toBe(3);
    expect(stepCount(60_000, 120_000, 60_000)).toBe(2);
  });
});
