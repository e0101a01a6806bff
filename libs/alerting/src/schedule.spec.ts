import { describe, expect, it } from 'vitest';
import { evaluationTime, immediateEvaluationJobId, isDue, nextEvaluationAt } from './schedule';

const T = Date.UTC(2025, 10, 24, 10, 0, 0);

describe('schedule', () => {
  it('puts evaluations on the interval grid, so rules of one interval share `now`', () => {
    expect(evaluationTime(60, T + 42_000)).toBe(T);
    expect(evaluationTime(60, T)).toBe(T);
    expect(evaluationTime(300, T + 299_999)).toBe(T);
    expect(nextEvaluationAt(60, T + 42_000)).toBe(T + 60_000);
  });

  it('is due once per grid time, whatever the tick rate and immediate evaluations', () => {
    expect(isDue(60, null, T + 5_000)).toBe(true);
    expect(isDue(60, T, T + 5_000)).toBe(false);
    expect(isDue(60, T, T + 60_000)).toBe(true);
    // An immediate evaluation at T + 30 s does not skip the scheduled one at T + 60 s.
    expect(isDue(60, T + 30_000, T + 40_000)).toBe(false);
    expect(isDue(60, T + 30_000, T + 60_000)).toBe(true);
    // A worker that was down evaluates once, at the latest grid time.
    expect(evaluationTime(60, T + 3_600_500)).toBe(T + 3_600_000);
  });

  it('gives one immediate-evaluation job id per rule per interval slot, without `:`', () => {
    const id = immediateEvaluationJobId('7c9e6679-7425-40de-944b-e07fc1f90ae7', 60, T + 1_000);
    expect(id).toBe(immediateEvaluationJobId('7c9e6679-7425-40de-944b-e07fc1f90ae7', 60, T + 59_999));
    expect(id).not.toBe(immediateEvaluationJobId('7c9e6679-7425-40de-944b-e07fc1f90ae7', 60, T + 60_000));
    expect(id).not.toContain(':');
  });
});
