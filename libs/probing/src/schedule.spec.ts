import { describe, expect, it } from 'vitest';
import { runSlot, scheduleOffsetMs } from './schedule';

describe('schedule', () => {
  it('gives a stable offset inside the interval', () => {
    expect(scheduleOffsetMs('check-1', 30_000)).toBe(scheduleOffsetMs('check-1', 30_000));
    for (let index = 0; index < 100; index++) {
      const offset = scheduleOffsetMs(`check-${index}`, 30_000);
      expect(offset).toBeGreaterThan(0);
      expect(offset).toBeLessThan(30_000);
    }
  });

  it('spreads many checks across the interval (no herd)', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let index = 0; index < 10_000; index++) {
      const bucket = Math.floor(scheduleOffsetMs(`0b7c2a6e-0000-4000-8000-${String(index).padStart(12, '0')}`, 30_000) / 3_000);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    expect(Math.min(...buckets)).toBeGreaterThan(800);
    expect(Math.max(...buckets)).toBeLessThan(1_200);
  });

  it('one slot per interval, starting at the offset', () => {
    expect(runSlot(12_000, 10_000, 2_000)).toBe(1);
    expect(runSlot(21_999, 10_000, 2_000)).toBe(1);
    expect(runSlot(22_000, 10_000, 2_000)).toBe(2);
  });
});
