export { SloError, type SloErrorCode, type SloFieldProblem } from './slo.errors';
export { ceilTo, DAY_MS, durationLabel, floorTo, HOUR_MS, MINUTE_MS } from './time';
export { calendarPeriod, LONGEST_WINDOW_MS, nominalWindowDays, type RangeParts, splitRange, windowRange, type WindowRange } from './windows';
export {
  type Budget,
  BURN_RATE_WINDOW_SECONDS,
  burnRate,
  burnRateReport,
  type BurnRateReport,
  errorBudget,
  errorBudgetRatio,
  exhaustionTime,
  sliOf,
  type WindowCounts,
} from './budget';
export { budgetSeries, type BudgetSeries, chartStep, type Points, type StepCounts } from './series';
export { defaultBurnRateWindows, evaluatePair, type EventCounts, type PairEvaluation, WORKBOOK_BURN_RATES } from './alert-conditions';
export { checkSli, checkSloDefinition, combineSides, effectiveAlerting, effectiveBurnRates, sliGroupBy, sliKey, type SliSide, sliSides } from './slo-definition';
export { checkMinuteEvents, checkSliOf, type RegionMinute } from './check-sli';
export {
  CHECK_RESULTS_RECOUNT_MS,
  checkLiveRange,
  HISTORY_CHUNK_MS,
  historyChunk,
  historyLimit,
  historyNeeded,
  isLateSample,
  LATE_MARGIN_MS,
  lateRange,
  liveRange,
  MAX_HISTORY_MS,
  MAX_LIVE_CHUNK_MS,
  MINUTE_RECORDS_KEPT_MS,
  type Range,
  recordableEnd,
  SETTLE_MS,
} from './recording-plan';
export { formatSelector, formatSliQuery, parseSliQuery, type SliQuery, type SliQueryResult, SUPPORTED_SHAPE, unquote, withRange } from './interchange/promql-sli';
export { queriesOfSli, sliFromQueries } from './interchange/sli-mapping';
export { exportOpenSlo, importOpenSlo, OPENSLO_ALERTING_ANNOTATION, renderYamlDocuments } from './interchange/openslo';
export { importSloth } from './interchange/sloth';
export { readYamlDocuments } from './interchange/yaml-documents';
export { SLO_DATA_SOURCE, type SloDataParams, type SloRuleData } from './slo-rule-data';
