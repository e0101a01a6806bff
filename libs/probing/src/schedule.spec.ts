import { describe, expect, it } from 'vitest';
import { batchCycle, batchOf, batchStartMs, batchWidthMs, dueAt, runSlot, scheduleOffsetMs } from './schedule';

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

  it('cuts an interval in about 30 batch slots of 1 s to 60 s', () => {
    expect(batchWidthMs(10_000)).toBe(1_000);
    expect(batchWidthMs(30_000)).toBe(1_000);
    expect(batchWidthMs(300_000)).toBe(10_000);
    expect(batchWidthMs(86_400_000)).toBe(60_000);
    expect(batchOf(0, 30_000)).toEqual({ everyMs: 30_000, index: 0 });
    expect(batchOf(29_999, 30_000)).toEqual({ everyMs: 30_000, index: 29 });
    expect(batchOf(12_345, 300_000)).toEqual({ everyMs: 300_000, index: 1 });
  });

  it("starts a batch's job at its slot, never at 0", () => {
    expect(batchStartMs({ everyMs: 30_000, index: 0 })).toBe(1);
    expect(batchStartMs({ everyMs: 30_000, index: 7 })).toBe(7_000);
  });

  it("runs each check of a batch in its own run slot, at its own offset", () => {
    const everyMs = 30_000;
    for (let index = 0; index < 500; index++) {
      const offset = scheduleOffsetMs(`check-${index}`, everyMs);
      const batch = batchOf(offset, everyMs);
      // The batch's job fired somewhat late in cycle 1,000.
      const firedAt = 1_000 * everyMs + batchStartMs(batch) + 250;
      const cycle = batchCycle(batch, firedAt);
      expect(cycle).toBe(1_000);
      const due = dueAt(cycle, everyMs, offset);
      expect(due).toBeGreaterThanOrEqual(firedAt - 250);
      expect(due - (firedAt - 250)).toBeLessThan(batchWidthMs(everyMs));
      expect(runSlot(due, everyMs, offset)).toBe(cycle);
    }
  });
});
