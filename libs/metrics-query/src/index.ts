export { counterDelta, stepIncreases } from './counter';
export {
  computeServiceSignals,
  detectConvention,
  isServerError,
  serviceOf,
  SIGNAL_CONVENTIONS,
  SIGNAL_METRIC_NAMES,
  type Points,
  type ServiceSignals,
  type SignalConvention,
  type SignalSelection,
  type SignalSteps,
} from './golden-signals';
export { histogramQuantile, parseBucketBound, type HistogramBucket } from './histogram-quantile';
export { compareLabelSets, labelSetKey, pickLabels, type Labels } from './label-sets';
export {
  chooseResolution,
  lookbackFor,
  planMetricQuery,
  ROLLUP_MIN_RANGE_MS,
  type MetricQueryPlan,
  type MetricQuerySpec,
  type PlanOptions,
  type PointsPlan,
  type StepsPlan,
} from './query-plan';
export { alignDown, DAY_MS, DEFAULT_POINTS_PER_RANGE, defaultStep, HOUR_MS, MAX_STEP_MS, MIN_STEP_MS, stepCount, stepStarts } from './step';
