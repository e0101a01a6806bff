/** Step (bucket width) arithmetic. Points are aligned to multiples of the step since the epoch. */
export const MIN_STEP_MS = 1_000;
export const MAX_STEP_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Without a step, a range is cut into about this many points. */
export const DEFAULT_POINTS_PER_RANGE = 240;

/** The start of the step holding `t`: the point at `t` covers `[t, t + step)`. */
export function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

/** range / 240 rounded up to a whole second, within 1 s … 1 d. */
export function defaultStep(from: number, to: number): number {
  const seconds = Math.ceil((to - from) / DEFAULT_POINTS_PER_RANGE / 1000);
  return Math.min(MAX_STEP_MS, Math.max(MIN_STEP_MS, seconds * 1000));
}

/** The step starts covering [from, to]: from the step holding `from` to the one holding `to`. */
export function stepStarts(from: number, to: number, step: number): number[] {
  const starts: number[] = [];
  for (let t = alignDown(from, step); t <= to; t += step) starts.push(t);
  return starts;
}

/** How many steps cover [from, to]. */
export function stepCount(from: number, to: number, step: number): number {
  return Math.floor(to / step) - Math.floor(from / step) + 1;
}
