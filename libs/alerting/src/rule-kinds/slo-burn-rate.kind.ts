import { type AlertEvidence, type SloBurnRateRuleSpec, sloBurnRateRuleSpecSchema } from '@vigil/contracts';
import { errorBudget, evaluatePair, exhaustionTime, SLO_DATA_SOURCE, type SloDataParams, type SloRuleData } from '@vigil/slo';
import { parseWithSchema } from './parse-spec';
import { type Observation, requireData, type RuleKind } from './rule-kind';

/**
 * One multiwindow burn-rate condition of an SLO (docs/slo.md, Alerts; Google SRE Workbook ch. 5):
 * the value is the smaller of the burn rates over the long and the short window — both burn at
 * least that fast — so `> burnRate` is the workbook's `long > f and short > f`. A window with
 * fewer than `minEvents` valid events gives no value (nothing to judge: no page at 3 a.m. for
 * one failed request in three). One observation per label group of the SLI. The evidence says
 * the budget left, both burn rates and when the budget runs out at the long window's rate.
 */
export const sloBurnRateKind: RuleKind<SloBurnRateRuleSpec> = {
  name: 'slo_burn_rate',
  parseSpec: (input) => parseWithSchema('slo_burn_rate', sloBurnRateRuleSpecSchema, input, () => ({})),
  thresholds: (spec) => (spec.severity === 'critical' ? { comparator: '>', critical: spec.burnRate } : { comparator: '>', warning: spec.burnRate }),
  dataRequests: (spec) => [
    { type: 'extension', id: 'slo', source: SLO_DATA_SOURCE, params: { sloId: spec.sloId, windowsSeconds: [spec.longWindowSeconds, spec.shortWindowSeconds] } satisfies SloDataParams },
  ],
  observe: (spec, data) => {
    const slo = requireData(data, 'slo', 'extension').value as SloRuleData;
    return slo.groups.map((group): Observation => {
      const [long = { good: 0, valid: 0 }, short = { good: 0, valid: 0 }] = group.windows;
      const pair = evaluatePair(spec, long, short, slo.objective, spec.minEvents);
      const budget = errorBudget(group.budget.good, group.budget.valid, slo.objective, slo.windowLengthMs);
      const remaining = budget?.remainingPercent ?? null;
      const evidence: AlertEvidence = {
        value: pair.value ?? null,
        numerator: long.valid - long.good,
        denominator: long.valid,
        threshold: null,
        comparator: '>',
        from: slo.to - spec.longWindowSeconds * 1000,
        to: slo.to,
        slo: {
          id: slo.sloId,
          name: slo.name,
          objective: slo.objective,
          budgetRemainingPercent: remaining,
          burnRate: pair.longBurnRate,
          burnRateWindowSeconds: spec.longWindowSeconds,
          shortBurnRate: pair.shortBurnRate,
          shortWindowSeconds: spec.shortWindowSeconds,
          exhaustsAt: exhaustionTime(remaining, pair.longBurnRate, slo.windowLengthMs, slo.to),
          validEvents: long.valid,
          minEvents: spec.minEvents,
        },
      };
      return { labels: group.labels, value: pair.value, evidence };
    });
  },
};
