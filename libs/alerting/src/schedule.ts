import { alignDown } from '@vigil/metrics-query';
import { nameBasedId } from './identity';

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

/** The most rules one immediate-evaluation job names (the queue's payload limit). */
export const MAX_RULES_PER_EVALUATION_JOB = 1_000;

/** One immediate evaluation to queue: its rules and its job id. */
export interface ImmediateEvaluationJob {
  ruleIds: string[];
  jobId: string;
}

/**
 * Raw-threshold breaches seen at ingest, turned into immediate evaluation jobs (docs/alerting.md,
 * Breaches at ingest): the rules a write breached that have the same interval share one job —
 * evaluated as one batch, so they share one engine query — and a rule is queued at most once
 * per interval slot by this process, however many writes breach it (a rule that stays in breach
 * is breached by every write). Without this, each rule in breach was one job per slot, evaluated
 * alone: with hundreds in breach the alerting queue fell behind and new breaches waited for
 * minutes (bench/alerting). A job of one rule keeps immediateEvaluationJobId, so replicas that
 * see the same single breach queue it once; several replicas may each queue a batch, which only
 * evaluates a rule twice. Time is an input; the slots remembered are dropped a day later.
 */
export class BreachEvaluationBatcher {
  /** Per rule, the slot (evaluation time) it was last queued for. */
  private readonly queued = new Map<string, number>();
  private sweptAt = 0;

  /** The jobs to queue for these breached rules at `now` (none for rules queued in this slot already). */
  take(rules: readonly { id: string; intervalSeconds: number }[], now: number): ImmediateEvaluationJob[] {
    this.forgetOld(now);
    const byInterval = new Map<number, string[]>();
    for (const rule of rules) {
      const slot = evaluationTime(rule.intervalSeconds, now);
      if (this.queued.get(rule.id) === slot) continue;
      this.queued.set(rule.id, slot);
      const ids = byInterval.get(rule.intervalSeconds);
      if (ids) ids.push(rule.id);
      else byInterval.set(rule.intervalSeconds, [rule.id]);
    }
    const jobs: ImmediateEvaluationJob[] = [];
    for (const [intervalSeconds, ids] of byInterval) {
      for (let start = 0; start < ids.length; start += MAX_RULES_PER_EVALUATION_JOB) {
        const ruleIds = ids.slice(start, start + MAX_RULES_PER_EVALUATION_JOB);
        const jobId = ruleIds.length === 1 ? immediateEvaluationJobId(ruleIds[0] as string, intervalSeconds, now) : `alert-eval-now.batch-${nameBasedId('breach-batch', ...[...ruleIds].sort())}.${evaluationTime(intervalSeconds, now)}`;
        jobs.push({ ruleIds, jobId });
      }
    }
    return jobs;
  }

  /** A job could not be queued: its rules may be queued again in the same slot. */
  release(ruleIds: readonly string[]): void {
    for (const id of ruleIds) this.queued.delete(id);
  }

  /** Rules deleted long ago: swept at most hourly, once many are remembered. */
  private forgetOld(now: number): void {
    if (this.queued.size < 10_000 || now - this.sweptAt < 3_600_000) return;
    this.sweptAt = now;
    for (const [id, slot] of this.queued) if (slot < now - 86_400_000) this.queued.delete(id);
  }
}
