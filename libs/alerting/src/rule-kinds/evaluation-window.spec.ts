import { describe, expect, it } from 'vitest';
import { evaluationRange, evaluationStep } from './evaluation-window';

describe('evaluationRange', () => {
  it('is the window before now, [now − window, now): to is now − 1 ms as the engine takes inclusive ends', () => {
    expect(evaluationRange(1_000_000, 300)).toEqual({ from: 700_000, to: 999_999 });
  });
});

describe('evaluationStep', () => {
  const cases: [number, number, number][] = [
    // interval, window → step (ms)
    [60, 300, 60_000], // a 5-minute window holds five 1-minute steps
    [300, 60, 60_000], // the window is shorter than the interval: one step per window
    [60, 60, 60_000],
    [10, 10, 10_000],
    [15, 300, 15_000],
    [10, 3_600, 10_000],
    [5, 300, 10_000], // never under 10 s (intervals are at least 10 s; kept for safety)
    [60, 7 * 86_400, 420_000], // at most 1,440 steps per window
    [86_400, 7 * 86_400, 86_400_000],
  ];
  it.each(cases)('interval %s s, window %s s → %s ms', (interval, window, step) => {
    expect(evaluationStep(interval, window)).toBe(step);
  });
});
