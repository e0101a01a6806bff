import type { AcrossSeriesAggregation, LabelMatcher, MetricFn, MetricResolution, OverTimeAggregation } from '@vigil/contracts';
import { alignDown, DAY_MS, defaultStep, HOUR_MS } from './step';

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
  /** rate/increase read from here, so the first step has the delta from the sample before it. */
  lookbackStart: number;
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
const MIN_LOOKBACK_MS = 5 * 60_000;

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

/**
 * How far before the first step rate/increase look for the previous sample: one step, at least
 * 5 minutes (Prometheus' lookback) and at most an hour (the rollup's previous bucket).
 */
export function lookbackFor(step: number): number {
  return Math.min(HOUR_MS, Math.max(MIN_LOOKBACK_MS, step));
}

/** Turns a validated query into what the store runs: step, alignment, resolution, lookback. */
export function planMetricQuery(spec: MetricQuerySpec, options: PlanOptions = {}): MetricQueryPlan {
  const quantile = spec.quantile;
  if (spec.step === undefined && spec.fn === 'raw' && spec.agg === 'none' && quantile === undefined) {
    return { kind: 'points', name: spec.name, matchers: spec.matchers, from: spec.from, to: spec.to };
  }
  const step = spec.step ?? defaultStep(spec.from, spec.to);
  const start = alignDown(spec.from, step);
  return {
    kind: 'steps',
    metric: quantile === undefined ? spec.name : `${spec.name}_bucket`,
    matchers: spec.matchers,
    from: spec.from,
    to: spec.to,
    step,
    start,
    lookbackStart: start - lookbackFor(step),
    resolution: chooseResolution(step, spec.from, spec.to, options),
    fn: quantile === undefined ? spec.fn : 'increase',
    over: spec.over,
    agg: quantile === undefined ? spec.agg : 'sum',
    by: spec.by,
    quantile,
  };
}
