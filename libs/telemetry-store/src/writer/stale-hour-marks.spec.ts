import { describe, expect, it } from 'vitest';
import { type StaleHourPair, StaleHourMarks } from './stale-hour-marks';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const H = Date.UTC(2026, 0, 15, 10);
const HOUR = 3_600_000;

/** A memory on a clock the test moves. */
function memory(options: { reuseMs?: number; holdMs?: number; maxEntries?: number } = {}) {
  // Both of the process's clocks, moved together unless a test steps one.
  const clock = { now: 1_000, wallStep: 0 };
  const marks = new StaleHourMarks({ ...options, clock: () => ({ monotonic: clock.now, wall: 1_700_000_000_000 + clock.now + clock.wallStep }) });
  /** One round: the due pairs of `pairs`, written (as writeEncodedBatches does) and returned. */
  const round = (...pairs: StaleHourPair[]): StaleHourPair[] => {
    const due = marks.due(pairs);
    if (due.length > 0) marks.recordWritten(due, marks.now());
    return due;
  };
  return { clock, marks, round };
}

describe('StaleHourMarks', () => {
  it('writes a (project, hour) mark once, then not again within reuseMs, for each pair on its own', () => {
    const { clock, round } = memory({ reuseMs: 45_000 });
    expect(round([A, H])).toEqual([[A, H]]);
    clock.now += 1_000;
    expect(round([A, H])).toEqual([]);
    // Another hour of the project, or the same hour of another project, is a mark of its own.
    expect(round([A, H], [A, H + HOUR], [B, H])).toEqual([
      [A, H + HOUR],
      [B, H],
    ]);
    clock.now += 43_999;
    expect(round([A, H], [A, H + HOUR], [B, H])).toEqual([]);
  });

  it('writes the mark again once reuseMs has passed since its insert started, and then remembers the new one', () => {
    const { clock, marks, round } = memory({ reuseMs: 45_000 });
    const sentAt = marks.now().monotonic;
    // The insert took 2 s: the time that counts is when it started.
    clock.now += 2_000;
    marks.recordWritten([[A, H]], marks.now());
    clock.now = sentAt + 2_000 + 44_999;
    expect(marks.due([[A, H]])).toEqual([]);
    clock.now = sentAt + 2_000 + 45_000;
    expect(round([A, H])).toEqual([[A, H]]);
    clock.now += 44_999;
    expect(round([A, H])).toEqual([]);
  });

  it('remembers only written marks: a failed insert (nothing recorded) is due again next round', () => {
    const { marks, round } = memory();
    expect(marks.due([[A, H]])).toEqual([[A, H]]);
    // The insert failed: recordWritten was never called.
    expect(round([A, H])).toEqual([[A, H]]);
    expect(round([A, H])).toEqual([]);
  });

  it('asks the rollup to hold each mark longer than it is reused: 45 s and 60 s by default, 0 and 0 without memory', () => {
    expect(new StaleHourMarks()).toMatchObject({ reuseMs: 45_000, holdMs: 60_000 });
    const none = new StaleHourMarks({ reuseMs: 0 });
    expect(none).toMatchObject({ reuseMs: 0, holdMs: 0 });
    none.recordWritten([[A, H]], none.now());
    expect(none.due([[A, H]])).toEqual([[A, H]]);
    expect(none.size).toBe(0);
    expect(() => new StaleHourMarks({ reuseMs: 60_000, holdMs: 45_000 })).toThrow(/holdMs \(45000\) must be at least reuseMs \(60000\)/);
    expect(() => new StaleHourMarks({ maxEntries: 0 })).toThrow(/maxEntries must be at least 1/);
  });

  it('is bounded: expired entries are forgotten, and past maxEntries the oldest go (written again, nothing lost)', () => {
    const { clock, marks, round } = memory({ reuseMs: 10_000, maxEntries: 3 });
    for (let hour = 0; hour < 5; hour++) round([A, H + hour * HOUR]);
    expect(marks.size).toBe(3);
    // The two oldest were dropped: due again; the three newest are not.
    expect(marks.due([0, 1, 2, 3, 4].map((hour): StaleHourPair => [A, H + hour * HOUR]))).toEqual([
      [A, H],
      [A, H + HOUR],
    ]);
    clock.now += 10_000;
    expect(marks.due([])).toEqual([]);
    expect(marks.size).toBe(0);
  });

  it('checks each entry’s age, even when rounds overlapped and recorded out of order', () => {
    const { clock, marks } = memory({ reuseMs: 10_000 });
    const early = marks.now();
    clock.now += 5_000;
    marks.recordWritten([[B, H]], marks.now());
    // A round that started earlier finished later.
    marks.recordWritten([[A, H]], early);
    clock.now = early.monotonic + 10_000;
    expect(marks.due([[A, H], [B, H]])).toEqual([[A, H]]);
  });

  it('counts the larger time elapsed of the monotonic and the wall clock (a suspended host, a wall clock stepped back)', () => {
    const { clock, round } = memory({ reuseMs: 45_000 });
    expect(round([A, H])).toEqual([[A, H]]);
    // The host slept two minutes: the monotonic clock stood still, the wall clock (and a server's) went on.
    clock.wallStep = 120_000;
    expect(round([A, H])).toEqual([[A, H]]);
    // The wall clock stepped back an hour: the monotonic clock still counts the time that passed.
    clock.wallStep = -3_600_000;
    clock.now += 44_000;
    expect(round([A, H])).toEqual([]);
    clock.now += 1_000;
    expect(round([A, H])).toEqual([[A, H]]);
  });
});
