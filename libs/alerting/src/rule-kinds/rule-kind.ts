import type { AlertEvidence, LogCountSpec, MetricSelector } from '@vigil/contracts';
import type { Labels } from '@vigil/metrics-query';
import { AlertingError } from '../alerting.errors';
import type { Points, Thresholds } from '../thresholds';

/**
 * The contract every rule kind implements (metric threshold, metric ratio, log count; later
 * check-down and SLO burn rate). The engine — batching, the instance state machine, routing —
 * only speaks this interface and the data requests below, so a new kind is a new object passed
 * to `RuleKindRegistry.register`, not an edit of the engine.
 *
 * An evaluation at `now` is: `dataRequests(spec, { now, intervalSeconds })` says what to read;
 * the caller reads it (batched, see batch.ts) and hands it back keyed by request id;
 * `observe(spec, data, …)` turns it into one observation per label group.
 */

/** Series of one metric selector over [from, to] at `step` (ms), as `GET /api/v1/metrics/query` would return them for it. */
export interface MetricDataRequest {
  type: 'metric';
  /** Unique within the rule: how `observe` finds the answer. */
  id: string;
  selector: MetricSelector;
  from: number;
  to: number;
  step: number;
}

/** Log records matching a search over [from, to], counted per group, with the first `evidenceLimit` lines of each group. */
export interface LogDataRequest {
  type: 'logs';
  id: string;
  search: LogCountSpec['search'];
  /** `none`, `service` or `attribute:<key>` (as the log count spec says). */
  groupBy: string;
  from: number;
  to: number;
  evidenceLimit: number;
}

/**
 * Data a later kind reads from elsewhere (check results, SLI records): named by `source`,
 * fetched by the caller as that source defines, passed through batching untouched.
 */
export interface ExtensionDataRequest {
  type: 'extension';
  id: string;
  source: string;
  params: unknown;
}

export type DataRequest = MetricDataRequest | LogDataRequest | ExtensionDataRequest;

/** One label group's points, as the query engine returns a series (ascending by time). */
export interface GroupSeries {
  labels: Labels;
  points: Points;
}

export type EvidenceLine = NonNullable<AlertEvidence['lines']>[number];

/** One group of a log count: the group's value (service or attribute value; null for `none`), its count and first lines (newest first). */
export interface LogGroupResult {
  value: string | null;
  count: number;
  lines: readonly EvidenceLine[];
}

export type FetchedData =
  | { type: 'metric'; series: readonly GroupSeries[] }
  | { type: 'logs'; groups: readonly LogGroupResult[] }
  | { type: 'extension'; value: unknown };

/** The answers to a rule's requests, by request id. */
export type RuleData = ReadonlyMap<string, FetchedData>;

export interface EvaluationContext {
  /** The evaluation time (epoch ms): the end of the window. */
  now: number;
  intervalSeconds: number;
}

export interface ObserveContext extends EvaluationContext {
  /** Label groups the rule has instances for: kinds for which absence means a value (a count of 0) observe them too. */
  knownGroups: readonly Labels[];
}

/**
 * What a rule saw for one label group: the value compared with the thresholds (undefined: no
 * data for this group) and the evidence kept with a transition. `evidence.threshold` is left
 * null here; the state machine fills in the threshold the transition was decided on.
 */
export interface Observation {
  labels: Labels;
  value: number | undefined;
  evidence: AlertEvidence;
  /**
   * Set by the engine (evaluate-rule.ts), never by kinds: the group had an instance but was
   * absent from this evaluation's results while other groups had data — the series went away.
   * It recovers (as a vanished series resolves in Prometheus); no-data handling does not apply.
   */
  absent?: boolean;
}

export interface RuleKind<Spec> {
  readonly name: string;
  /** Validates and normalizes (defaults) a spec; throws INVALID_RULE_SPEC listing every problem with its path. */
  parseSpec(input: unknown): Spec;
  thresholds(spec: Spec): Thresholds;
  dataRequests(spec: Spec, context: EvaluationContext): DataRequest[];
  observe(spec: Spec, data: RuleData, context: ObserveContext): Observation[];
}

/** The answer to request `id` of the given type; a missing or mistyped answer is a wiring bug (MISSING_DATA). */
export function requireData<T extends FetchedData['type']>(data: RuleData, id: string, type: T): Extract<FetchedData, { type: T }> {
  const found = data.get(id);
  if (found === undefined || found.type !== type) {
    throw new AlertingError('MISSING_DATA', `No ${type} data was given for request "${id}"${found ? ` (got ${found.type})` : ''}.`);
  }
  return found as Extract<FetchedData, { type: T }>;
}
