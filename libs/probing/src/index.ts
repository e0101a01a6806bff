export { type Assessment, type DnsObservation, type HttpObservation, type ProbeFailure, type ProbeObservation, type TcpObservation, type TlsPeer } from './observations';
export { assessDns, assessFailure, assessHttp, assessTcp, certificateWarning } from './assess-result';
export { assessProbe, type ProbedCheckSpec } from './assess-probe';
export { compileStatusSet, type StatusSet, statusSetProblems } from './status-set';
export { applyResult, decideVerdict, type QuorumPolicy, type RegionState, staleAfterMs, type Verdict } from './region-state';
export { type CheckState, type IncidentChange, type IncidentSeverity, newCheckState, pauseTransition, type StateTransition, transition } from './check-state';
export {
  applyPing,
  MAX_FAILURE_MESSAGE,
  missedDeadline,
  newPushState,
  type Ping,
  type PingOutcome,
  pushDeadline,
  pushFlags,
  type PushState,
  RECENT_PINGS,
  TOO_OFTEN_FACTOR,
} from './push-state';
export { type CheckHealth, detectionWindowMs, isSuppressedByParent, troubleStart } from './dependencies';
export { type CheckSnapshot } from './check-snapshot';
export { checkDefinitionProblems, type DependencyNode } from './check-definition';
export { batchCycle, batchOf, batchStartMs, batchWidthMs, dueAt, runSlot, type ScheduleBatch, scheduleOffsetMs } from './schedule';
export {
  compareDecision,
  decideActiveTarget,
  failbackWithinMs,
  type FailoverDecision,
  type FailoverGroupView,
  type FailoverReason,
  type FailoverSwitch,
  type FailoverThresholds,
  failoverWithinMs,
  isFailure,
  isTargetUnhealthy,
  observeTarget,
  type TargetQuorum,
  type TargetRegionHealth,
} from './failover';
export { ProbingError } from './probing.errors';
export {
  computeUptime,
  DEFAULT_UPTIME_RULES,
  type DegradedRule,
  type MaintenanceRule,
  mergeSpans,
  type TimeSpan,
  type UptimeFigures,
  type UptimeIncident,
  type UptimeInput,
  type UptimeRules,
} from './uptime';
export { type DaySplit, monthSpan, splitAtUtcDays } from './uptime-periods';
export { componentStatus, type ComponentStatus, type DayBar, dayBars, type DayCounts, lastUtcDays, overallUptime, pageStatus, type PageStatus } from './status-page';
