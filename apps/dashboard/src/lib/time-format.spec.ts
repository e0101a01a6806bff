import { describe, expect, it } from 'vitest';
import { detailFor, EVENT_DETAIL, formatSpan, formatTime, formatTimeRange, formatTimeTicks } from './time-format';

// Tests run with TZ=UTC (vitest.config.mts), so local time is UTC here.
const at = (day: number, hours: number, minutes = 0, seconds = 0, millis = 0) => Date.UTC(2026, 0, day, hours, minutes, seconds, millis);
const MINUTE = 60_000;

describe('formatTime', () => {
  it('writes 24-hour local time with the parts asked for', () => {
    expect(formatTime(at(5, 14, 3, 7, 9), { date: false, seconds: false })).toBe('14:03');
    expect(formatTime(at(5, 14, 3, 7, 9), { date: false, seconds: true })).toBe('14:03:07');
    expect(formatTime(at(5, 9, 3, 7, 9), { date: true, seconds: false })).toBe('2026-01-05 09:03');
    expect(formatTime(at(5, 14, 3, 7, 9), EVENT_DETAIL)).toBe('2026-01-05 14:03:07.009');
  });

  it('adds the date when a range spans days, seconds under a minute, milliseconds under a second', () => {
    expect(detailFor({ from: at(5, 13), to: at(5, 14) }, 15_000)).toEqual({ date: false, seconds: true, millis: false });
    expect(detailFor({ from: at(5, 23, 30), to: at(6, 0, 30) }, MINUTE)).toEqual({ date: true, seconds: false, millis: false });
    expect(detailFor({ from: at(5, 14), to: at(5, 14, 0, 2) }, 10)).toMatchObject({ millis: true });
  });
});

describe('formatTimeRange', () => {
  it('dates the start, and the end only when the day changes', () => {
    expect(formatTimeRange(at(5, 9), at(5, 21))).toBe('2026-01-05 09:00 – 21:00');
    expect(formatTimeRange(at(5, 9), at(7, 9))).toBe('2026-01-05 09:00 – 2026-01-07 09:00');
  });

  it('shows seconds for a range as short as a zoom', () => {
    expect(formatTimeRange(at(5, 14, 3, 7), at(5, 14, 15, 42))).toBe('2026-01-05 14:03:07 – 14:15:42');
  });
});

describe('formatTimeTicks', () => {
  it('dates the first tick and each new day on a second line', () => {
    expect(formatTimeTicks([at(5, 22), at(5, 23), at(6, 0), at(6, 1)], 60 * MINUTE)).toEqual(['22:00\n2026-01-05', '23:00', '00:00\n2026-01-06', '01:00']);
  });

  it('shows seconds when ticks are less than a minute apart', () => {
    expect(formatTimeTicks([at(5, 14, 0, 0), at(5, 14, 0, 30)], 30_000)).toEqual(['14:00:00\n2026-01-05', '14:00:30']);
  });
});

describe('formatSpan', () => {
  it('names a window in at most two units', () => {
    expect([5 * MINUTE, 60 * MINUTE, 10_080_000, 30_000, 86_400_000, 7 * 86_400_000, 500].map(formatSpan)).toEqual(['5 min', '1 h', '2 h 48 min', '30 s', '24 h', '7 d', '500 ms']);
  });
});
