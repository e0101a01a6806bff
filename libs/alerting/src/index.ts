export { AlertingError, type AlertingErrorCode, type AlertingFieldProblem } from './alerting.errors';
export { digestOf, instanceKey, nameBasedId } from './identity';
export { compileMatchers, compileRegex, compileValueTest, formatMatcher, labelValue, type LabelPredicate, matcherProblems, matchesAll, translateRe2 } from './matchers';
export { breaches, isRecovered, loosestThreshold, type Points, recoveryThreshold, reduce, severityOf, thresholdFor, type Thresholds } from './thresholds';
export { evaluationRange, evaluationStep, MAX_STEPS_PER_WINDOW, MIN_EVALUATION_STEP_SECONDS } from './rule-kinds/evaluation-window';
export { DEFAULT_EVIDENCE_LINES, logCountKind, logGroupLabelName, logGroupLabels } from './rule-kinds/log-count.kind';
export { metricRatioKind } from './rule-kinds/metric-ratio.kind';
export { CHECK_STATUS_VALUES, checkDownKind, CHECKS_SOURCE } from './rule-kinds/check-down.kind';
export { metricThresholdKind } from './rule-kinds/metric-threshold.kind';
export { createRuleKindRegistry, RuleKindRegistry } from './rule-kinds/registry';
export { sloBurnRateKind } from './rule-kinds/slo-burn-rate.kind';
export { sloBudgetKind } from './rule-kinds/slo-budget.kind';
export {
  type DataRequest,
  type EvaluationContext,
  type EvidenceLine,
  type ExtensionDataRequest,
  type FetchedData,
  type GroupSeries,
  type LogDataRequest,
  type LogGroupResult,
  type MetricDataRequest,
  type Observation,
  type ObserveContext,
  requireData,
  type RuleData,
  type RuleKind,
} from './rule-kinds/rule-kind';
export {
  type BatchPlan,
  type BatchResults,
  distributeResults,
  type MetricQueryMember,
  planBatch,
  type RuleRequests,
  type SharedLogQuery,
  type SharedMetricQuery,
  sharedMatchers,
  toMetricQuerySpec,
} from './batch';
export { foldSeries, type FoldSelector, groupLabelsOf } from './series-fold';
export { alertLabels, type InstanceRule, NO_DATA_LABEL, NO_DATA_LABEL_VALUE, noDataSeverity } from './alert-labels';
export { applyFlapDamping, DEFAULT_FLAP_DAMPING, type FlapDampingOptions, type IntentFactory } from './flap-damping';
export { isDormant, newInstanceState, step } from './instance-state';
export {
  type InstanceEvent,
  type InstanceState,
  NOTIFICATION_KINDS,
  type NotificationIntent,
  type NotificationKind,
  type NotifiedState,
  type StepResult,
  type TransitionEvent,
  type TransitionTarget,
} from './instance-types';
export { type CompiledRule, compileRule, type RuleDefinition, validateRuleSpec } from './compile-rule';
export { evaluateRule, type RuleEvaluation } from './evaluate-rule';
export { BreachEvaluationBatcher, evaluationTime, immediateEvaluationJobId, type ImmediateEvaluationJob, isDue, MAX_RULES_PER_EVALUATION_JOB, nextEvaluationAt } from './schedule';
export { groupOf, type GroupRoute, matchesPolicy, routeAlert, routeIntent, type RoutingPolicy } from './routing';
export {
  applyIntent,
  type FlushDecision,
  flushDecision,
  type FlushReason,
  type GroupAlert,
  type GroupNotification,
  type GroupPolicy,
  newGroup,
  type NotificationGroupState,
} from './grouping';
export { latestStart, maintenanceWindowProblems, type MaintenanceWindowDefinition, MAX_OCCURRENCE_STARTS, startsAround, type WindowActivity, windowActivity, windowOccurrences } from './maintenance';
export {
  type MutedAlert,
  type MuteEndedNotice,
  muteEndedNotices,
  mutedBy,
  type MuteSnapshot,
  muteSnapshot,
  type SilenceDefinition,
  type SilenceState,
  silenceState,
} from './silences';
export { RawThresholdIndex, type RawThresholdRuleInput, type SeriesLike } from './raw-threshold-index';
