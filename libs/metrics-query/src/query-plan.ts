import type { AcrossSeriesAggregation, LabelMatcher, MetricFn, MetricResolution, OverTimeAggregation } from '@vigil/contracts';
import { maxWindowSteps } from './rate-window';
import { alignDown, DAY_MS, defaultStep, HOUR_MS, stepCount } from './step';

/** A metric query as the API takes it (after validation). */
export interface MetricQuerySpec {
  name: string;
  matchers: readonly LabelMatcher[];
  /** Epoch ms, both ends inclusive. */
  from: number;
  to: number;
  step?: number;
  fn: MetricFn;
  over: OverTimeAggregation;
  agg: AcrossSeriesAggregation;
  by: readonly string[];
  /** 0 < q < 1: read `name_bucket` and interpolate. */
  quantile?: number;
  /** Look-back of rate, increase and quantile in ms; undefined: chosen per series (rate-window.ts). */
  window?: number;
}

export interface PlanOptions {
  /** Now (epoch ms) and the raw samples' retention: a range reaching past it is read from the rollup. */
  now?: number;
  rawRetentionDays?: number;
  /** Forces a resolution (tests, benchmarks); the 1-hour rollup still needs a whole-hour step. */
  resolution?: MetricResolution;
}

/** Stored points as they are: fn=raw without step, aggregation or quantile. */
export interface PointsPlan {
  kind: 'points';
  name: string;
  matchers: readonly LabelMatcher[];
  from: number;
  to: number;
}

/** One value per series (or group) per step. */
export interface StepsPlan {
  kind: 'steps';
  /** The stored metric read: `name_bucket` for a quantile. */
  metric: string;
  matchers: readonly LabelMatcher[];
  from: number;
  to: number;
  step: number;
  /** `from` aligned down to the step: the first point's time. */
  start: number;
  /** How many steps cover [from, to]: the last one holds `to`. */
  steps: number;
  /**
   * rate/increase read samples after this (exclusive): the first step's largest window reaches
   * back to it. From the rollup, the hour before the first step (for the boundary delta).
   */
  lookbackStart: number;
  /** The explicit window in whole steps (rounded up), or undefined when chosen per series. */
  windowSteps: number | undefined;
  /** The largest window any series may use, in steps. */
  maxWindowSteps: number;
  resolution: MetricResolution;
  /** What each series contributes per step; quantiles read bucket increases. */
  fn: MetricFn;
  over: OverTimeAggregation;
  /** How series fold into groups per step; `none` keeps every series. Quantiles sum buckets. */
  agg: AcrossSeriesAggregation;
  by: readonly string[];
  quantile: number | undefined;
}

export type MetricQueryPlan = PointsPlan | StepsPlan;

/** Ranges longer than this are read from the 1-hour rollup when the step allows it. */
export const ROLLUP_MIN_RANGE_MS = 2 * DAY_MS;

/**
 * The 1-hour rollup answers when the step is a whole number of hours and the range is longer
 * than 2 days, or reaches back past the raw samples' retention.
 */
export function chooseResolution(step: number, from: number, to: number, options: PlanOptions = {}): MetricResolution {
  if (step % HOUR_MS !== 0) return 'raw';
  if (options.resolution !== undefined) return options.resolution;
  if (to - from > ROLLUP_MIN_RANGE_MS) return '1h';
  if (options.now !== undefined && options.rawRetentionDays !== undefined && from < options.now - options.rawRetentionDays * DAY_MS) return '1h';
  return 'raw';
}

/** Turns a validated query into what the store runs: step, alignment, resolution, lookback. */
export function planMetricQuery(spec: MetricQuerySpec, options: PlanOptions = {}): MetricQueryPlan {
  const quantile = spec.quantile;
  if (spec.step === undefined && spec.fn === 'raw' && spec.agg === 'none' && quantile === undefined) {
    return { kind: 'points', name: spec.name, matchers: spec.matchers, from: spec.from, to: spec.to };
  }
  const step = spec.step ?? defaultStep(spec.from, spec.to);
  const start = alignDown(spec.from, step);
  const resolution = chooseResolution(step, spec.from, spec.to, options);
  // From the rollup a step's window is the step itself (its hours), plus the hour before for the boundary.
  const windowSteps = resolution === '1h' ? 1 : spec.window === undefined ? undefined : maxWindowSteps(step, spec.window);
  const maxSteps = resolution === '1h' ? 1 : maxWindowSteps(step, spec.window);
  return {
    kind: 'steps',
    metric: quantile === undefined ? spec.name : `${spec.name}_bucket`,
    matchers: spec.matchers,
    from: spec.from,
    to: spec.to,
    step,
    start,
    steps: stepCount(spec.from, spec.to, step),
    lookbackStart: resolution === '1h' ? start - HOUR_MS : start + step - maxSteps * step,
    windowSteps,
    maxWindowSteps: maxSteps,
    resolution,
    fn: quantile === undefined ? spec.fn : 'increase',
    over: spec.over,
    agg: quantile === undefined ? spec.agg : 'sum',
    by: spec.by,
    quantile,
  };
}
