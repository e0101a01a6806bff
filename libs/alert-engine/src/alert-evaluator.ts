import {
  alertLabels,
  type BatchPlan,
  type CompiledRule,
  compileRule,
  distributeResults,
  evaluateRule,
  evaluationTime,
  type InstanceState,
  type MutedAlert,
  muteEndedNotices,
  muteSnapshot,
  type NotificationIntent,
  planBatch,
  type RuleData,
  type RuleKindRegistry,
  type TransitionEvent,
} from '@vigil/alerting';
import type { AlertInstanceRecord, AlertInstanceWrite, AlertRuleRecord, ConfigStore } from '@vigil/config-store';
import type { Logger } from '@vigil/server-kit';
import type { AlertTelemetry, ExtensionSource } from './telemetry-source';
import { fetchBatch } from './telemetry-source';

/** What an instance's row keeps besides its columns: the engine's state and who mutes it. */
export interface StoredEngineState {
  state: InstanceState;
  silencedBy: string[];
}

/** Where transitions are recorded (ClickHouse `alert_events`). */
export interface AlertEventSink {
  record(events: readonly { projectId: string; ruleName: string; event: TransitionEvent }[]): Promise<void>;
}

/** Where notification intents go (notification-router.ts). */
export interface IntentSink {
  apply(projectId: string, intents: readonly NotificationIntent[], now: number): Promise<void>;
}

export interface EvaluationSummary {
  /** Rules this call evaluated (claimed: not evaluated by anyone else for this time). */
  evaluated: number;
  failed: number;
  transitions: number;
  notifications: number;
  /** Engine queries run (shared metric and log queries). */
  queries: number;
}

export interface AlertEvaluatorOptions {
  store: ConfigStore;
  telemetry: AlertTelemetry;
  events: AlertEventSink;
  intents: IntentSink;
  registry: RuleKindRegistry;
  logger: Logger;
  /** Data of later rule kinds by source name (`slo`: the SLI records; `checks`: check_down's checks and states). */
  extensions?: ReadonlyMap<string, ExtensionSource>;
}

/**
 * Evaluates alert rules (docs/alerting.md, Evaluation): claims the rules for the evaluation time
 * (so replicas never evaluate one twice), plans one batch per project (rules reading the same
 * metric share one query), runs the queries, steps every instance's state machine, and stores
 * instances, transitions and notification intents. A rule whose query or spec fails keeps its
 * alerts as they were and records the error.
 */
export class AlertEvaluator {
  private readonly compiled = new Map<string, { updatedAt: number; rule: CompiledRule }>();

  constructor(private readonly options: AlertEvaluatorOptions) {}

  /** A tick of one interval: every enabled rule with it, at the interval's grid time. */
  async evaluateTick(intervalSeconds: number, now: number): Promise<EvaluationSummary> {
    const rules = (await this.options.store.alertRules.listEnabled()).filter((rule) => rule.intervalSeconds === intervalSeconds);
    return this.evaluate(rules, evaluationTime(intervalSeconds, now));
  }

  /** Rules evaluated now, off their grid (a raw-threshold breach seen at ingest, a changed rule). */
  async evaluateRules(ruleIds: readonly string[], now: number): Promise<EvaluationSummary> {
    return this.evaluate(await this.options.store.alertRules.listEnabled(ruleIds), now);
  }

  private async evaluate(candidates: readonly AlertRuleRecord[], at: number): Promise<EvaluationSummary> {
    const summary: EvaluationSummary = { evaluated: 0, failed: 0, transitions: 0, notifications: 0, queries: 0 };
    if (candidates.length === 0) return summary;
    const claimed = new Set(await this.options.store.alertRules.claimForEvaluation(candidates.map((rule) => rule.id), new Date(at)));
    const rules = candidates.filter((rule) => claimed.has(rule.id));
    if (rules.length === 0) return summary;
    const byProject = new Map<string, AlertRuleRecord[]>();
    for (const rule of rules) byProject.set(rule.projectId, [...(byProject.get(rule.projectId) ?? []), rule]);
    const stored = await this.options.store.alertInstances.listForRules(rules.map((rule) => rule.id));
    const errors: { id: string; error: string | null }[] = [];
    for (const [projectId, projectRules] of byProject) {
      await this.evaluateProject(projectId, projectRules, stored, at, summary, errors);
    }
    await this.options.store.alertRules.recordEvaluations(new Date(at), errors);
    return summary;
  }

  private async evaluateProject(
    projectId: string,
    rules: readonly AlertRuleRecord[],
    stored: readonly AlertInstanceRecord[],
    at: number,
    summary: EvaluationSummary,
    errors: { id: string; error: string | null }[],
  ): Promise<void> {
    const compiled: CompiledRule[] = [];
    for (const rule of rules) {
      try {
        compiled.push(this.compile(rule));
      } catch (error) {
        errors.push({ id: rule.id, error: `the rule's spec is invalid: ${(error as Error).message}` });
        summary.failed += 1;
      }
    }
    const plan = planBatch(compiled.map((rule) => ({ ruleId: rule.id, requests: rule.dataRequests(at) })));
    summary.queries += plan.metricQueries.length + plan.logQueries.length;
    const { results, failures } = await fetchBatch(this.options.telemetry, projectId, plan, this.options.extensions, at);
    const data = distributeResults(withoutFailed(plan, failures), results);

    const writes: AlertInstanceWrite[] = [];
    const dormant: { ruleId: string; key: string }[] = [];
    const transitions: { projectId: string; ruleName: string; event: TransitionEvent }[] = [];
    const intents: NotificationIntent[] = [];
    const instancesByRule = groupByRule(stored);
    for (const rule of compiled) {
      const failure = failures.get(rule.id);
      if (failure) {
        errors.push({ id: rule.id, error: `reading its data failed: ${failure.message}` });
        summary.failed += 1;
        continue;
      }
      const previous = instancesByRule.get(rule.id) ?? [];
      const evaluation = evaluateRule(rule, data.get(rule.id) ?? (new Map() as RuleData), previous.map((record) => engineStateOf(record).state), at);
      const silencedBy = new Map(previous.map((record) => [record.key, engineStateOf(record).silencedBy]));
      const dormantKeys = new Set(evaluation.dormant);
      for (const state of evaluation.instances) {
        if (dormantKeys.has(state.key)) dormant.push({ ruleId: rule.id, key: state.key });
        else writes.push(instanceWrite(projectId, rule, state, silencedBy.get(state.key) ?? []));
      }
      for (const event of evaluation.events) {
        if (event.type === 'transition') transitions.push({ projectId, ruleName: rule.name, event });
        else intents.push(event);
      }
      errors.push({ id: rule.id, error: null });
      summary.evaluated += 1;
    }
    intents.push(...(await this.updateMutes(projectId, stored, writes, new Map(compiled.map((rule) => [rule.id, rule.instanceRule.annotations])), at)));
    await this.options.store.alertInstances.upsertMany(writes);
    await this.options.store.alertInstances.deleteKeys(dormant);
    if (transitions.length > 0) await this.options.events.record(transitions);
    if (intents.length > 0) await this.options.intents.apply(projectId, intents, at);
    summary.transitions += transitions.length;
    summary.notifications += intents.length;
  }

  /**
   * Which silences and maintenance windows mute each active alert now (kept on the instance for
   * the API), and a notice for every alert still firing whose mute just ended: receivers that
   * heard nothing while it was muted hear that it still fires. The notice goes beside the rule's
   * annotations: an intent's annotations replace the alert's in its notification groups.
   */
  private async updateMutes(
    projectId: string,
    stored: readonly AlertInstanceRecord[],
    writes: AlertInstanceWrite[],
    annotations: ReadonlyMap<string, Readonly<Record<string, string>>>,
    at: number,
  ): Promise<NotificationIntent[]> {
    const [silences, windows] = await Promise.all([this.options.store.silences.listCurrent([projectId], new Date(at - 60_000)), this.options.store.maintenanceWindows.listEnabled([projectId])]);
    const snapshot = muteSnapshot(
      silences.map((silence) => ({ id: silence.id, matchers: silence.matchers, startsAt: silence.startsAt.getTime(), endsAt: silence.endsAt.getTime() })),
      windows,
      at,
    );
    const before = new Map(stored.map((record) => [record.key, record]));
    const previous: MutedAlert[] = [];
    const current: MutedAlert[] = [];
    for (const write of writes) {
      const engine = write.engineState as StoredEngineState;
      engine.silencedBy = write.state === 'inactive' ? [] : snapshot.mutedBy(write.labels);
      const was = before.get(write.key);
      if (was) previous.push({ instanceKey: write.key, labels: was.labels, firing: was.state === 'firing', mutedBy: engineStateOf(was).silencedBy });
      current.push({ instanceKey: write.key, labels: write.labels, firing: write.state === 'firing', mutedBy: engine.silencedBy });
    }
    const byKey = new Map(writes.map((write) => [write.key, write]));
    return muteEndedNotices(previous, current, at).flatMap((notice) => {
      const write = byKey.get(notice.instanceKey);
      if (!write) return [];
      const state = (write.engineState as StoredEngineState).state;
      const intent: NotificationIntent = {
        type: 'notify',
        kind: 'updated',
        at,
        instanceKey: write.key,
        ruleId: write.ruleId,
        labels: write.labels,
        previousLabels: null,
        annotations: { ...annotations.get(write.ruleId), ...muteEndedAnnotation(notice.endedBy) },
        status: 'firing',
        severity: state.severity,
        noData: state.noData,
        flapping: state.flapping,
        value: state.lastValue,
        evidence: state.evidence,
        startsAt: state.firedAt,
        endsAt: null,
      };
      return [intent];
    });
  }

  /** Parsing a spec once per version of the rule, not every tick. */
  private compile(rule: AlertRuleRecord): CompiledRule {
    const cached = this.compiled.get(rule.id);
    if (cached && cached.updatedAt === rule.updatedAt.getTime()) return cached.rule;
    const compiled = compileRule(this.options.registry, rule);
    this.compiled.set(rule.id, { updatedAt: rule.updatedAt.getTime(), rule: compiled });
    return compiled;
  }
}

/** The plan without the queries that failed (their rules are not evaluated this time). */
function withoutFailed(plan: BatchPlan, failures: ReadonlyMap<string, Error>): BatchPlan {
  const failed = (members: readonly { ruleId: string }[]) => members.some((member) => failures.has(member.ruleId));
  return {
    metricQueries: plan.metricQueries.filter((query) => !failed(query.members)),
    logQueries: plan.logQueries.filter((query) => !failed(query.members)),
    extensionRequests: plan.extensionRequests.filter((entry) => !failures.has(entry.ruleId)),
  };
}

function groupByRule(records: readonly AlertInstanceRecord[]): Map<string, AlertInstanceRecord[]> {
  const byRule = new Map<string, AlertInstanceRecord[]>();
  for (const record of records) byRule.set(record.ruleId, [...(byRule.get(record.ruleId) ?? []), record]);
  return byRule;
}

/** The annotation that tells receivers an alert still fires after what muted it (these ids) ended. */
export function muteEndedAnnotation(endedBy: readonly string[]): { vigil_notice: string } {
  return { vigil_notice: `Still firing after the silence or maintenance window that muted it ended (${endedBy.join(', ')}).` };
}

export function engineStateOf(record: Pick<AlertInstanceRecord, 'engineState'>): StoredEngineState {
  return record.engineState as StoredEngineState;
}

function instanceWrite(projectId: string, rule: CompiledRule, state: InstanceState, silencedBy: string[]): AlertInstanceWrite {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    projectId,
    ruleId: rule.id,
    key: state.key,
    labels: alertLabels(rule.instanceRule, state.groupLabels, state.severity, state.noData),
    state: state.status,
    severity: state.severity,
    since: new Date(state.since),
    firedAt: date(state.firedAt),
    resolvedAt: date(state.resolvedAt),
    lastValue: state.lastValue !== null && Number.isFinite(state.lastValue) ? state.lastValue : null,
    lastEvaluatedAt: new Date(state.lastEvaluatedAt ?? state.since),
    evidence: state.evidence,
    flapping: state.flapping,
    engineState: { state, silencedBy } satisfies StoredEngineState,
  };
}
