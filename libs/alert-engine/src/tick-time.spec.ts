import { describe, expect, it } from 'vitest';
import { tickTime } from './alerting-worker';

describe('tickTime', () => {
  const T = Date.UTC(2024, 4, 1, 10, 0, 0);
  it('is the scheduled time when the tick runs on time, even past the grid boundary', () => {
    expect(tickTime(T - 25, 10, T + 15)).toBe(T - 25);
    expect(tickTime(T + 3_000, 10, T + 3_040)).toBe(T + 3_000);
  });
  it('is now when the tick runs an interval or more late (no stale evaluation)', () => {
    expect(tickTime(T - 10_000, 10, T)).toBe(T);
    expect(tickTime(T - 600_000, 60, T)).toBe(T);
  });
  it('never lies in the future', () => {
    expect(tickTime(T + 500, 10, T)).toBe(T);
  });
});
