import { type AlertEvidence, type SloBudgetRuleSpec, sloBudgetRuleSpecSchema } from '@vigil/contracts';
import { burnRate, errorBudget, exhaustionTime, SLO_DATA_SOURCE, type SloDataParams, type SloRuleData } from '@vigil/slo';
import { parseWithSchema } from './parse-spec';
import { type Observation, requireData, type RuleKind } from './rule-kind';

/** The burn rate a budget notification quotes, with when the budget runs out at it. */
const QUOTED_BURN_RATE_SECONDS = 3_600;

/**
 * The error budget left in an SLO's window, in percent (docs/slo.md, Alerts): warning at or
 * below `warningPercent`, critical once exhausted (at or below 0 %). Fewer than `minEvents`
 * valid events in the window gives no value. The evidence quotes the 1-hour burn rate and when
 * the budget runs out at it.
 */
export const sloBudgetKind: RuleKind<SloBudgetRuleSpec> = {
  name: 'slo_budget',
  parseSpec: (input) => parseWithSchema('slo_budget', sloBudgetRuleSpecSchema, input, () => ({})),
  thresholds: (spec) => ({ comparator: '<=', ...(spec.warningPercent === null ? {} : { warning: spec.warningPercent }), ...(spec.exhausted ? { critical: 0 } : {}) }),
  dataRequests: (spec) => [{ type: 'extension', id: 'slo', source: SLO_DATA_SOURCE, params: { sloId: spec.sloId, windowsSeconds: [QUOTED_BURN_RATE_SECONDS] } satisfies SloDataParams }],
  observe: (spec, data) => {
    const slo = requireData(data, 'slo', 'extension').value as SloRuleData;
    return slo.groups.map((group): Observation => {
      const budget = group.budget.valid >= spec.minEvents ? errorBudget(group.budget.good, group.budget.valid, slo.objective, slo.windowLengthMs) : null;
      const recent = group.windows[0] ?? { good: 0, valid: 0 };
      const rate = burnRate(recent.good, recent.valid, slo.objective);
      const remaining = budget?.remainingPercent ?? null;
      const evidence: AlertEvidence = {
        value: remaining,
        numerator: group.budget.valid - group.budget.good,
        denominator: group.budget.valid,
        threshold: null,
        comparator: '<=',
        from: slo.to - slo.windowLengthMs,
        to: slo.to,
        slo: {
          id: slo.sloId,
          name: slo.name,
          objective: slo.objective,
          budgetRemainingPercent: remaining,
          burnRate: rate,
          burnRateWindowSeconds: QUOTED_BURN_RATE_SECONDS,
          exhaustsAt: exhaustionTime(remaining, rate, slo.windowLengthMs, slo.to),
          validEvents: group.budget.valid,
          minEvents: spec.minEvents,
        },
      };
      return { labels: group.labels, value: remaining ?? undefined, evidence };
    });
  },
};
