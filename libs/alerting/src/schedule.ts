import { alignDown } from '@vigil/metrics-query';

/**
 * When rules are evaluated. Evaluation times sit on each interval's grid (multiples of the
 * interval since the epoch), not at "last run + interval": every rule of a given interval is
 * then due at the same instants with the same `now`, so rules of equal window read equal ranges
 * and share queries (batch.ts), and a worker that was down or late evaluates once at the latest
 * grid time rather than catching up tick by tick.
 */

/** The grid time a rule due at `now` is evaluated at. */
export function evaluationTime(intervalSeconds: number, now: number): number {
  return alignDown(now, intervalSeconds * 1000);
}

/** Due when a grid time has passed since the last evaluation (scheduled or immediate). */
export function isDue(intervalSeconds: number, lastEvaluatedAt: number | null, now: number): boolean {
  return lastEvaluatedAt === null || evaluationTime(intervalSeconds, now) > lastEvaluatedAt;
}

/** The next grid time after `now`: when the worker should look again for this interval. */
export function nextEvaluationAt(intervalSeconds: number, now: number): number {
  return evaluationTime(intervalSeconds, now) + intervalSeconds * 1000;
}

/**
 * The queue job id of an immediate evaluation (a raw sample breached the rule on ingest): one per
 * rule per interval slot, so a burst of breaching samples — from every API replica — enqueues
 * one evaluation (BullMQ drops a job whose id exists). It runs at the breach's `now`; the
 * scheduled evaluation stays the source of truth for windows, `for`, no data and recovery.
 * No `:` in it: BullMQ refuses custom job ids with one.
 */
export function immediateEvaluationJobId(ruleId: string, intervalSeconds: number, now: number): string {
  return `alert-eval-now.${ruleId}.${evaluationTime(intervalSeconds, now)}`;
}
