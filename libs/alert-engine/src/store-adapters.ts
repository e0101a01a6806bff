import type { GroupSeries, LogGroupResult, SharedLogQuery, TransitionEvent } from '@vigil/alerting';
import { type LogAttributeFilter, parseLogAttributeFilter, parseLogSearchText } from '@vigil/contracts';
import type { MetricQuerySpec } from '@vigil/metrics-query';
import { AlertEventRepository, type Lane, type LogCountGrouping, LogRepository, MetricQueryRepository, runInLane, type TelemetryStore } from '@vigil/telemetry-store';
import type { AlertEventSink } from './alert-evaluator';
import type { AlertTelemetry } from './telemetry-source';

/** A shared query reads every series a batch of rules selects (the API's own limit is 500). */
const MAX_EVALUATION_SERIES = 20_000;
const MAX_EVALUATION_POINTS = 5_000_000;

/**
 * Alert telemetry from the telemetry store, on a lane: `evaluation` for the worker (ahead of
 * dashboards, docs/architecture.md "Lanes"), `interactive` for the API's rule previews.
 */
export class StoreAlertTelemetry implements AlertTelemetry {
  private readonly metrics: MetricQueryRepository;
  private readonly logs: LogRepository;

  constructor(
    store: TelemetryStore,
    private readonly lane: Lane,
  ) {
    this.metrics = new MetricQueryRepository(store);
    this.logs = new LogRepository(store);
  }

  metricSeries(projectId: string, spec: MetricQuerySpec): Promise<GroupSeries[]> {
    return runInLane(this.lane, async () => {
      const result = await this.metrics.query(projectId, spec, { maxSeries: MAX_EVALUATION_SERIES, maxInputSeries: MAX_EVALUATION_SERIES, maxPoints: MAX_EVALUATION_POINTS, now: Date.now() });
      return result.series;
    });
  }

  logGroups(projectId: string, request: SharedLogQuery['request']): Promise<LogGroupResult[]> {
    return runInLane(this.lane, async () => {
      const attributes = request.search.attr.map((text) => parseLogAttributeFilter(text)).filter((filter): filter is LogAttributeFilter => filter !== undefined);
      const groups = await this.logs.countByGroup(projectId, {
        from: request.from,
        to: request.to,
        groupBy: request.groupBy as LogCountGrouping,
        evidence: request.evidenceLimit,
        text: parseLogSearchText(request.search.q),
        services: request.search.service,
        severities: request.search.severity,
        attributes,
      });
      const label = request.groupBy === 'none' ? undefined : request.groupBy === 'service' ? 'service' : request.groupBy.slice('attribute:'.length);
      return groups.map((group) => ({ value: label === undefined ? null : (group.labels[label] ?? ''), count: group.count, lines: group.lines }));
    });
  }
}

/** Transitions into ClickHouse `alert_events` (written on the write lane by the writer). */
export class StoreAlertEventSink implements AlertEventSink {
  private readonly events: AlertEventRepository;

  constructor(store: TelemetryStore) {
    this.events = new AlertEventRepository(store);
  }

  async record(events: readonly { projectId: string; ruleName: string; event: TransitionEvent }[]): Promise<void> {
    await this.events.insert(
      events.map(({ projectId, ruleName, event }) => ({
        projectId,
        ruleId: event.ruleId,
        ruleName,
        instanceId: event.instanceKey,
        time: event.at,
        labels: event.labels,
        from: event.from,
        to: event.to,
        severity: event.severity ?? '',
        value: event.value !== null && Number.isFinite(event.value) ? event.value : null,
        evidence: event.evidence,
      })),
    );
  }
}
