import { nameBasedId } from '@vigil/alerting';
import type { ManagedRuleDefinition } from '@vigil/config-store';
import type { SloBudgetRuleSpec, SloBurnRateRuleSpec, SloRequest } from '@vigil/contracts';
import { durationLabel, effectiveBurnRates, sliGroupBy } from '@vigil/slo';

/** SLO rules are evaluated every minute: the records move a minute at a time. */
export const SLO_RULE_INTERVAL_SECONDS = 60;

/**
 * The alert rules an SLO keeps (docs/slo.md, Alerts): one `slo_burn_rate` rule per window pair
 * (critical pairs page, warning pairs open a ticket) and one `slo_budget` rule, so notifications
 * go through the alerting engine's policies, channels, silences and grouping. Ids are derived
 * from the SLO and the condition (a pair's severity and windows), so changing a factor or the
 * floor updates the same rule and its alerts keep their state. Labels: the SLO's alerting labels,
 * `slo` (its name), `slo_id`, and `service` when the SLO names one and does not group by it.
 */
export function managedRules(sloId: string, slo: SloRequest): ManagedRuleDefinition[] {
  if (!slo.alerting.enabled) return [];
  const labels: Record<string, string> = {
    ...slo.alerting.labels,
    slo: slo.name,
    slo_id: sloId,
    ...(slo.service !== '' && !sliGroupBy(slo.sli).includes('service') ? { service: slo.service } : {}),
  };
  const common = {
    description: `Kept by the SLO "${slo.name}" (${slo.objective} % over ${windowText(slo)}); change it there.`,
    enabled: true,
    intervalSeconds: SLO_RULE_INTERVAL_SECONDS,
    forSeconds: 0,
    keepFiringForSeconds: 0,
    noData: 'ok' as const,
    annotations: slo.alerting.annotations,
  };
  const rules: ManagedRuleDefinition[] = effectiveBurnRates(slo).map((pair) => {
    const windows = `${durationLabel(pair.longWindowSeconds)}/${durationLabel(pair.shortWindowSeconds)}`;
    const spec: SloBurnRateRuleSpec = { sloId, ...pair };
    return {
      ...common,
      id: nameBasedId('slo-rule', sloId, 'burn-rate', pair.severity, String(pair.longWindowSeconds), String(pair.shortWindowSeconds)),
      name: `${slo.name}: ${pair.severity === 'critical' ? 'page' : 'ticket'}, burn rate over ${pair.burnRate}× (${windows})`,
      labels: { ...labels, slo_windows: windows },
      kind: 'slo_burn_rate',
      spec,
    };
  });
  if (slo.alerting.budgetWarningPercent !== null || slo.alerting.budgetExhausted) {
    const spec: SloBudgetRuleSpec = { sloId, warningPercent: slo.alerting.budgetWarningPercent, exhausted: slo.alerting.budgetExhausted, minEvents: slo.alerting.minEvents };
    rules.push({ ...common, id: nameBasedId('slo-rule', sloId, 'budget'), name: `${slo.name}: error budget`, labels, kind: 'slo_budget', spec });
  }
  return rules;
}

function windowText(slo: SloRequest): string {
  return slo.window.kind === 'rolling' ? `${slo.window.days} days` : `the calendar ${slo.window.unit} (${slo.window.timeZone})`;
}
