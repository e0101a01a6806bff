import { AlertingError } from '../alerting.errors';
import { checkDownKind } from './check-down.kind';
import { logCountKind } from './log-count.kind';
import { metricRatioKind } from './metric-ratio.kind';
import { metricThresholdKind } from './metric-threshold.kind';
import { sloBudgetKind } from './slo-budget.kind';
import { sloBurnRateKind } from './slo-burn-rate.kind';
import type { RuleKind } from './rule-kind';

/**
 * Rule kinds by name. The engine looks kinds up here and never names one, so a later kind
 * (check-down, SLO burn rate) plugs in with `registry.register(checkDownKind)` where the worker
 * and API build their registry — no edit of the engine. `RuleKind`'s methods are declared as
 * methods, so a `RuleKind<SpecOfX>` is stored as a `RuleKind<unknown>`: the spec a kind gets
 * back is always the one its own `parseSpec` produced.
 */
export class RuleKindRegistry {
  private readonly kinds = new Map<string, RuleKind<unknown>>();

  /** Adds a kind; a second kind of the same name is refused (DUPLICATE_RULE_KIND). */
  register<Spec>(kind: RuleKind<Spec>): this {
    if (this.kinds.has(kind.name)) throw new AlertingError('DUPLICATE_RULE_KIND', `A rule kind named "${kind.name}" is registered already.`);
    this.kinds.set(kind.name, kind as RuleKind<unknown>);
    return this;
  }

  /** The kind of that name; UNKNOWN_RULE_KIND (naming the known ones) otherwise. */
  get(name: string): RuleKind<unknown> {
    const kind = this.kinds.get(name);
    if (!kind) throw new AlertingError('UNKNOWN_RULE_KIND', `Unknown rule kind "${name}"; known kinds: ${this.names().join(', ')}.`, [{ path: 'kind', message: `unknown rule kind "${name}"` }]);
    return kind;
  }

  has(name: string): boolean {
    return this.kinds.has(name);
  }

  names(): string[] {
    return [...this.kinds.keys()];
  }
}

/**
 * A registry with the built-in kinds: metric_threshold, metric_ratio, log_count, check_down, and
 * the SLO kinds slo_burn_rate and slo_budget (their data comes from the `slo` extension source).
 */
export function createRuleKindRegistry(): RuleKindRegistry {
  return new RuleKindRegistry().register(metricThresholdKind).register(metricRatioKind).register(logCountKind).register(checkDownKind).register(sloBurnRateKind).register(sloBudgetKind);
}
