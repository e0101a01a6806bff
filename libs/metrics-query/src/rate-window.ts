/**
 * Rate windows, separate from the step (docs/query.md, "Rates"). A rate at a step is the rate
 * over a window that ends where the step ends, as Grafana's `$__rate_interval` picks it: at
 * least four sample intervals of the series (so a window always holds a few samples, whatever
 * the step) and at least the step (so no sample is skipped), rounded up to whole steps. Within
 * the window the increase is Prometheus' own `rate()` arithmetic (extrapolatedRate), so the
 * numbers agree with Prometheus at the same times.
 */

/** A window holds at least this many of a series' sample intervals. */
export const WINDOW_SAMPLE_INTERVALS = 4;
/**
 * Without an explicit window, no series looks back further than this (or one step): it covers
 * scrape and export intervals up to 2.5 minutes with four samples, and bounds what a query reads.
 */
export const AUTO_MAX_WINDOW_MS = 10 * 60_000;

/** The largest window in steps a query may use: the explicit one, else the automatic cap. */
export function maxWindowSteps(step: number, window: number | undefined): number {
  return Math.max(1, Math.ceil((window ?? AUTO_MAX_WINDOW_MS) / step));
}

/**
 * A series' window in steps from its mean sample interval (ms): max(4 × interval, step),
 * rounded up to whole steps, at most `maxSteps`.
 */
export function autoWindowSteps(step: number, meanInterval: number, maxSteps: number): number {
  const wanted = Math.ceil(Math.max(step, WINDOW_SAMPLE_INTERVALS * meanInterval) / step);
  return Math.min(maxSteps, Math.max(1, wanted));
}

export type Sample = readonly [timestampMs: number, value: number];

/**
 * The counter increase over the window (rangeStart, rangeEnd] from the samples inside it, as
 * Prometheus' extrapolatedRate computes it (promql/functions.go): last − first plus the value
 * before each reset, extrapolated to the window's edges when the first and last samples lie
 * within 1.1 average intervals of them (else by half an interval), and not before the counter's
 * zero point. Undefined with fewer than two samples (Prometheus drops such points).
 */
export function extrapolatedIncrease(samples: readonly Sample[], rangeStart: number, rangeEnd: number): number | undefined {
  if (samples.length < 2) return undefined;
  const [firstT, firstV] = samples[0] as Sample;
  const [lastT, lastV] = samples.at(-1) as Sample;
  let result = lastV - firstV;
  for (let i = 1; i < samples.length; i++) {
    const previous = (samples[i - 1] as Sample)[1];
    if ((samples[i] as Sample)[1] < previous) result += previous;
  }
  return extrapolate({ result, firstT, firstV, lastT, count: samples.length }, rangeStart, rangeEnd);
}

/** What extrapolatedRate needs of a window's samples; the SQL computes the same per step. */
export interface WindowSummary {
  /** last − first + the value before each reset. */
  result: number;
  firstT: number;
  firstV: number;
  lastT: number;
  count: number;
}

export function extrapolate({ result, firstT, firstV, lastT, count }: WindowSummary, rangeStart: number, rangeEnd: number): number | undefined {
  const sampled = (lastT - firstT) / 1000;
  if (count < 2 || sampled <= 0) return undefined;
  const average = sampled / (count - 1);
  const threshold = average * 1.1;
  let toStart = (firstT - rangeStart) / 1000;
  let toEnd = (rangeEnd - lastT) / 1000;
  if (toStart >= threshold) toStart = average / 2;
  // Counters are not negative: extrapolate no further back than the zero point.
  if (result > 0 && firstV >= 0) toStart = Math.min(toStart, sampled * (firstV / result));
  if (toEnd >= threshold) toEnd = average / 2;
  return result * ((sampled + toStart + toEnd) / sampled);
}

export interface WindowedStepsOptions {
  /** First step start (aligned), step, number of steps. */
  start: number;
  step: number;
  steps: number;
  /** The range asked for: the first step's increase counts from `from`, the last ends at `to`. */
  from: number;
  to: number;
  /** Window in steps; undefined: chosen from the series' mean interval, at most `maxWindowSteps`. */
  windowSteps: number | undefined;
  maxWindowSteps: number;
  fn: 'rate' | 'increase';
  temporality: 'cumulative' | 'delta';
}

/**
 * The reference of what the engine returns for fn=rate/increase over raw samples, one series:
 * per step k the window (stepEnd − window, min(stepEnd, to)] with stepEnd = start + (k+1)·step;
 * `rate` is the window's increase per second of the window's covered length (the step still in
 * progress is computed over the time it has covered, never shown as a dip); `increase` is that
 * rate times the part of the step inside [from, to], so steps add up over the range. Delta
 * series sum their points instead of differencing them. Samples at or before the first window's
 * start are never read; NaN samples (staleness markers) are skipped.
 */
export function windowedSteps(samples: readonly Sample[], options: WindowedStepsOptions): [number, number][] {
  const { start, step, steps, from, to } = options;
  const lowest = start + step - options.maxWindowSteps * step;
  // One sample per timestamp: a retried write stores a sample twice; it counts once.
  const usable = samples.filter(([t, v], i) => t > lowest && t <= to && !Number.isNaN(v) && (i === 0 || (samples[i - 1] as Sample)[0] !== t));
  if (usable.length === 0) return [];
  const mean = usable.length > 1 ? ((usable.at(-1) as Sample)[0] - (usable[0] as Sample)[0]) / (usable.length - 1) : 0;
  const windowSteps = options.windowSteps ?? autoWindowSteps(step, mean, options.maxWindowSteps);
  const out: [number, number][] = [];
  for (let k = 0; k < steps; k++) {
    const stepStart = start + k * step;
    const rangeEnd = Math.min(stepStart + step, to);
    const rangeStart = stepStart + step - windowSteps * step;
    const covered = rangeEnd - Math.max(stepStart, from);
    // A step that covers no time of the range (one starting exactly at `to`) has no point.
    if (covered <= 0) continue;
    const inWindow = usable.filter(([t]) => t > rangeStart && t <= rangeEnd);
    const increase = options.temporality === 'delta' ? deltaSum(inWindow) : extrapolatedIncrease(inWindow, rangeStart, rangeEnd);
    if (increase === undefined) continue;
    const rate = increase / ((rangeEnd - rangeStart) / 1000);
    out.push([stepStart, options.fn === 'rate' ? rate : (rate * covered) / 1000]);
  }
  return out;
}

function deltaSum(samples: readonly Sample[]): number | undefined {
  return samples.length === 0 ? undefined : samples.reduce((sum, [, v]) => sum + v, 0);
}
