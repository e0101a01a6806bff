/**
 * Where an evaluation at `now` reads (docs/alerting.md, Evaluation):
 * - range: the window before `now`, [now − window, now). The engine's `from`/`to` are both
 *   inclusive, so `to` is now − 1 ms: with evaluation times on the interval grid (schedule.ts)
 *   every step of the window is whole, and no step starting exactly at `now` (holding only the
 *   samples stamped at that instant) is read.
 * - step: max(10 s, min(interval, window)), so a window holds several step values when the
 *   interval is shorter than the window, and each evaluation reads at least one fresh step; at
 *   most 1,440 steps per window (a 7-day window at a 1-minute interval would otherwise read
 *   10,080 points per group, against the engine's 200,000-point budget shared by all groups),
 *   rounded up to a whole second.
 */
export const MIN_EVALUATION_STEP_SECONDS = 10;
export const MAX_STEPS_PER_WINDOW = 1_440;

export function evaluationRange(now: number, windowSeconds: number): { from: number; to: number } {
  return { from: now - windowSeconds * 1000, to: now - 1 };
}

/** The step in ms. */
export function evaluationStep(intervalSeconds: number, windowSeconds: number): number {
  const seconds = Math.max(MIN_EVALUATION_STEP_SECONDS, Math.min(intervalSeconds, windowSeconds), Math.ceil(windowSeconds / MAX_STEPS_PER_WINDOW));
  return seconds * 1000;
}
