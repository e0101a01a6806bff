import { describe, expect, it } from 'vitest';
import { autoWindowSteps, extrapolatedIncrease, maxWindowSteps, type Sample, windowedSteps } from './rate-window';

const MINUTE = 60_000;

/** Prometheus test notation `start+stepxN` at every `interval` from t = 0: N + 1 values. */
function series(interval: number, ...runs: [start: number, step: number, times: number][]): Sample[] {
  const values = runs.flatMap(([start, step, times]) => Array.from({ length: times + 1 }, (_, i) => start + step * i));
  return values.map((value, i) => [i * interval, value]);
}

/** PromQL `increase(x[range])` evaluated at `at` (ranges are left-open, as in Prometheus 3). */
function increaseAt(samples: readonly Sample[], at: number, range: number): number | undefined {
  return extrapolatedIncrease(
    samples.filter(([t]) => t > at - range && t <= at),
    at - range,
    at,
  );
}

describe('extrapolatedIncrease (the cases of Prometheus promql/promqltest/testdata/functions.test)', () => {
  it('increase() over 50m and 100m, with and without the zero-point cutoff', () => {
    const foo = series(5 * MINUTE, [0, 10, 10]);
    const bar = series(5 * MINUTE, [0, 18, 5], [0, 18, 5]);
    const dings = series(5 * MINUTE, [10, 10, 10]);
    const bumms = series(5 * MINUTE, [1, 10, 10]);
    expect([foo, bar, dings, bumms].map((s) => increaseAt(s, 50 * MINUTE, 50 * MINUTE))).toEqual([100, 160, 100, 100]);
    const wide = [foo, bar, dings, bumms].map((s) => increaseAt(s, 50 * MINUTE, 100 * MINUTE) as number);
    expect(wide.map((v) => Number(v.toFixed(9)))).toEqual([100, 162, 105, 101]);
  });

  it('counts the value before a drop as a reset (3 2 reads as 3 0 1 2)', () => {
    expect(increaseAt(series(5 * MINUTE, [0, 1, 3], [2, 1, 2]), 30 * MINUTE, 30 * MINUTE)).toBeCloseTo(7, 12);
  });

  it('rate() with a reset in the middle, and a reset at the end of the range', () => {
    const middle = series(5 * MINUTE, [0, 27, 4], [0, 27, 5]);
    expect((increaseAt(middle, 50 * MINUTE, 50 * MINUTE) as number) / 3000).toBeCloseTo(0.08, 15);
    const end = [...series(5 * MINUTE, [0, 10, 9]), [50 * MINUTE, 0], [55 * MINUTE, 10]] as Sample[];
    expect(increaseAt(end, 50 * MINUTE, 5 * MINUTE)).toBeUndefined();
    expect(increaseAt(end, 50 * MINUTE, 6 * MINUTE)).toBe(0);
  });

  it('extrapolates to the zero point at most, and by half an interval beyond 1.1 intervals', () => {
    const window = series(5 * MINUTE, [0, 80, 10]);
    expect((increaseAt(window, 50 * MINUTE, 50 * MINUTE) as number) / 3000).toBeCloseTo(0.26666666666666666, 15);
    const rates = [0, 60, 120, 180, 240, 300].map((start) => (increaseAt(series(4 * MINUTE, [start, 240, 10]), 10 * MINUTE, 20 * MINUTE) as number) / 1200);
    expect(rates.map((v) => Number(v.toFixed(12)))).toEqual([0.5, 0.55, 0.6, 0.6, 0.6, 0.6]);
    const later = [0, 60, 120, 180, 240, 300].map((start) => (increaseAt(series(4 * MINUTE, [start, 240, 10]), 50 * MINUTE, 20 * MINUTE) as number) / 1200);
    expect(later.map((v) => Number(v.toFixed(12)))).toEqual([0.6, 0.6, 0.6, 0.6, 0.6, 0.6]);
  });

  it('needs two samples spanning some time', () => {
    expect(extrapolatedIncrease([[0, 5]], -1, 1)).toBeUndefined();
    expect(extrapolatedIncrease([], 0, 1)).toBeUndefined();
    expect(
      extrapolatedIncrease(
        [
          [10, 5],
          [10, 6],
        ],
        0,
        20,
      ),
    ).toBeUndefined();
  });
});

describe('windows', () => {
  it('are max(4 sample intervals, step) rounded up to whole steps, within the cap', () => {
    expect(autoWindowSteps(4_000, 15_000, maxWindowSteps(4_000, undefined))).toBe(15);
    expect(autoWindowSteps(MINUTE, 15_000, 10)).toBe(1);
    expect(autoWindowSteps(MINUTE, MINUTE, 10)).toBe(4);
    expect(autoWindowSteps(7_000, 15_000, 100)).toBe(9);
    // A 5-minute interval wants 20 minutes; the automatic cap is 10.
    expect(autoWindowSteps(MINUTE, 5 * MINUTE, maxWindowSteps(MINUTE, undefined))).toBe(10);
    expect(maxWindowSteps(3_600_000, undefined)).toBe(1);
    expect(maxWindowSteps(MINUTE, 90_000)).toBe(2);
  });
});

describe('windowedSteps', () => {
  // 10/s, scraped every 15 s at 3.2 s past each quarter minute.
  const steady: Sample[] = Array.from({ length: 400 }, (_, i) => [3_200 + i * 15_000, 500 + 150 * i]);
  const base = { from: 30 * MINUTE, windowSteps: undefined, fn: 'rate' as const, temporality: 'cumulative' as const };

  function steps(step: number, to: number, overrides: Partial<Parameters<typeof windowedSteps>[1]> = {}) {
    const from = overrides.from ?? base.from;
    return windowedSteps(steady, {
      ...base,
      step,
      to,
      start: Math.floor(from / step) * step,
      steps: Math.floor(to / step) - Math.floor(from / step) + 1,
      maxWindowSteps: maxWindowSteps(step, overrides.windowSteps === undefined ? undefined : overrides.windowSteps * step),
      ...overrides,
    });
  }

  it('reads 10/s at every step whatever the step, where a step shorter than the interval used to read 37.5/s or nothing', () => {
    for (const step of [1_000, 4_000, 15_000, MINUTE, 5 * MINUTE]) {
      const points = steps(step, 45 * MINUTE - 1);
      expect(points.length, `step ${step}`).toBe((15 * MINUTE) / step);
      for (const [, v] of points) expect(v).toBeCloseTo(10, 9);
    }
  });

  it('computes the step in progress over the time it covered, and increases add up over [from, to]', () => {
    const to = 45 * MINUTE + 20_000;
    const rates = steps(MINUTE, to);
    expect(rates.at(-1)).toEqual([45 * MINUTE, expect.closeTo(10, 9)]);
    const increases = steps(MINUTE, to, { fn: 'increase', from: 30 * MINUTE + 30_500 });
    expect(increases[0]).toEqual([30 * MINUTE, expect.closeTo(295, 6)]);
    expect(increases.at(-1)).toEqual([45 * MINUTE, expect.closeTo(200, 6)]);
    expect(increases.reduce((sum, [, v]) => sum + v, 0)).toBeCloseTo(10 * ((to - 30 * MINUTE - 30_500) / 1000), 6);
  });

  it('leaves out a step whose window holds fewer than two samples', () => {
    // A 1-minute window ending 5 s after the last sample … of a series that stopped: nothing after it.
    const stopped = windowedSteps(steady.slice(0, 3), { ...base, from: 0, start: 0, step: MINUTE, steps: 3, to: 3 * MINUTE - 1, maxWindowSteps: 1, windowSteps: 1 });
    expect(stopped.map(([t]) => t)).toEqual([0]);
  });

  it('sums delta points in the window instead of differencing them', () => {
    const deltas: Sample[] = Array.from({ length: 20 }, (_, i) => [10_000 + i * 30_000, 300]);
    const points = windowedSteps(deltas, { ...base, temporality: 'delta', from: 2 * MINUTE, start: 2 * MINUTE, step: MINUTE, steps: 4, to: 6 * MINUTE, maxWindowSteps: 10, windowSteps: undefined });
    expect(points.slice(0, 4).map(([, v]) => v)).toEqual([10, 10, 10, 10]);
  });
});
