import type { NoDataHandling } from '@vigil/contracts';
import type { Labels } from '@vigil/metrics-query';
import { AlertingError, type AlertingFieldProblem } from './alerting.errors';
import type { InstanceRule } from './alert-labels';
import type { RuleKindRegistry } from './rule-kinds/registry';
import type { DataRequest, Observation, RuleData } from './rule-kinds/rule-kind';

/** A rule as stored (the fields of the contracts' AlertRule the engine reads); `spec` unparsed. */
export interface RuleDefinition {
  id: string;
  name: string;
  kind: string;
  spec: unknown;
  enabled?: boolean;
  intervalSeconds: number;
  forSeconds: number;
  keepFiringForSeconds: number;
  noData: NoDataHandling;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/**
 * A rule ready to evaluate: its spec parsed once by its kind (cache compiled rules by id and
 * updatedAt; parsing 1,000 specs every tick would be waste), what the state machine needs, and
 * the kind's two evaluation steps bound to the spec.
 */
export interface CompiledRule {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  intervalSeconds: number;
  /** The spec as the kind parsed it (defaults applied). */
  spec: unknown;
  instanceRule: InstanceRule;
  dataRequests(now: number): DataRequest[];
  observe(data: RuleData, now: number, knownGroups: readonly Labels[]): Observation[];
}

/** Parses the rule's spec with its kind; throws UNKNOWN_RULE_KIND or INVALID_RULE_SPEC. */
export function compileRule(registry: RuleKindRegistry, definition: RuleDefinition): CompiledRule {
  const kind = registry.get(definition.kind);
  const spec = kind.parseSpec(definition.spec);
  const context = (now: number) => ({ now, intervalSeconds: definition.intervalSeconds });
  return {
    id: definition.id,
    name: definition.name,
    kind: definition.kind,
    enabled: definition.enabled ?? true,
    intervalSeconds: definition.intervalSeconds,
    spec,
    instanceRule: {
      id: definition.id,
      name: definition.name,
      labels: { ...definition.labels },
      annotations: { ...definition.annotations },
      forSeconds: definition.forSeconds,
      keepFiringForSeconds: definition.keepFiringForSeconds,
      noData: definition.noData,
      thresholds: kind.thresholds(spec),
    },
    dataRequests: (now) => kind.dataRequests(spec, context(now)),
    observe: (data, now, knownGroups) => kind.observe(spec, data, { ...context(now), knownGroups }),
  };
}

/**
 * For the API: whether a kind and spec are valid, with every problem and its path (under
 * `spec.`), without throwing. The contracts' request schema already checks the built-in kinds;
 * this also checks matchers (RE2 vs JS) and kinds registered later.
 */
export function validateRuleSpec(registry: RuleKindRegistry, kind: string, spec: unknown): { ok: true; spec: unknown } | { ok: false; problems: AlertingFieldProblem[] } {
  try {
    return { ok: true, spec: registry.get(kind).parseSpec(spec) };
  } catch (error) {
    if (!(error instanceof AlertingError)) throw error;
    if (error.code === 'UNKNOWN_RULE_KIND') return { ok: false, problems: [...error.errors] };
    return { ok: false, problems: error.errors.map((problem) => ({ path: problem.path === '' ? 'spec' : `spec.${problem.path}`, message: problem.message })) };
  }
}
