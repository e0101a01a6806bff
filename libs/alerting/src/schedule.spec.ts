import { describe, expect, it } from 'vitest';
import { BreachEvaluationBatcher, evaluationTime, immediateEvaluationJobId, isDue, MAX_RULES_PER_EVALUATION_JOB, nextEvaluationAt } from './schedule';

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

  describe('breaches seen at ingest', () => {
    const rule = (n: number, intervalSeconds = 10) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, intervalSeconds });

    it('queues the rules a write breached as one job per interval, each rule once per slot', () => {
      const batcher = new BreachEvaluationBatcher();
      const first = batcher.take([rule(1), rule(2), rule(3, 60)], T + 1_000);
      expect(first.map((job) => job.ruleIds)).toEqual([[rule(1).id, rule(2).id], [rule(3, 60).id]]);
      // Every later write of the slot breaches them again (they stay in breach): nothing more to queue…
      expect(batcher.take([rule(1), rule(2), rule(3, 60)], T + 2_000)).toEqual([]);
      // …but a rule newly breached in the slot is queued alone, with the single-rule job id.
      expect(batcher.take([rule(1), rule(2), rule(4)], T + 3_000)).toEqual([{ ruleIds: [rule(4).id], jobId: immediateEvaluationJobId(rule(4).id, 10, T + 3_000) }]);
      // Next slot of the 10 s rules: queued again; the 60 s rule's slot has not changed.
      expect(batcher.take([rule(1), rule(2), rule(3, 60), rule(4)], T + 10_000).map((job) => job.ruleIds)).toEqual([[rule(1).id, rule(2).id, rule(4).id]]);
    });

    it('names a batch by its rules and slot, without `:`', () => {
      const a = new BreachEvaluationBatcher().take([rule(1), rule(2)], T + 1_000)[0];
      const b = new BreachEvaluationBatcher().take([rule(2), rule(1)], T + 9_000)[0];
      const c = new BreachEvaluationBatcher().take([rule(1), rule(2)], T + 11_000)[0];
      expect(a?.jobId).toBe(b?.jobId);
      expect(a?.jobId).not.toBe(c?.jobId);
      expect(a?.jobId).not.toContain(':');
    });

    it('queues a rule again in the same slot when its job could not be queued', () => {
      const batcher = new BreachEvaluationBatcher();
      const [job] = batcher.take([rule(1)], T + 1_000);
      batcher.release(job?.ruleIds ?? []);
      expect(batcher.take([rule(1)], T + 2_000).map((one) => one.ruleIds)).toEqual([[rule(1).id]]);
    });

    it('splits a batch over the payload limit', () => {
      const rules = Array.from({ length: MAX_RULES_PER_EVALUATION_JOB + 5 }, (_, n) => rule(n));
      expect(new BreachEvaluationBatcher().take(rules, T).map((job) => job.ruleIds.length)).toEqual([MAX_RULES_PER_EVALUATION_JOB, 5]);
    });
  });
});
