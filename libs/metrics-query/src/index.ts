export {
  computeServiceSignals,
  detectConvention,
  isServerError,
  RECENT_THROUGHPUT_MS,
  serviceOf,
  SIGNAL_CONVENTIONS,
  SIGNAL_METRIC_NAMES,
  type Points,
  type ServiceSignals,
  type SignalConvention,
  type SignalSelection,
  type SignalSteps,
  throughputWindowOf,
} from './golden-signals';
export { histogramQuantile, parseBucketBound, type HistogramBucket } from './histogram-quantile';
export { compareLabelSets, labelSetKey, pickLabels, type Labels } from './label-sets';
export {
  chooseResolution,
  planMetricQuery,
  ROLLUP_MIN_RANGE_MS,
  type MetricQueryPlan,
  type MetricQuerySpec,
  type PlanOptions,
  type PointsPlan,
  type StepsPlan,
} from './query-plan';
export {
  AUTO_MAX_WINDOW_MS,
  autoWindowSteps,
  extrapolate,
  extrapolatedIncrease,
  maxWindowSteps,
  type Sample,
  WINDOW_SAMPLE_INTERVALS,
  type WindowedStepsOptions,
  windowedSteps,
  type WindowSummary,
} from './rate-window';
export { metricUnit, queryValueUnit, type ValueUnitQuery } from './units';
export { alignDown, DAY_MS, DEFAULT_POINTS_PER_RANGE, defaultStep, HOUR_MS, MAX_STEP_MS, MIN_STEP_MS, stepCount, stepStarts } from './step';
