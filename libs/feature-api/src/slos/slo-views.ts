import type { AlertInstanceRecord, SloRecord } from '@vigil/config-store';
import type { Slo, SloDetail } from '@vigil/contracts';
import { effectiveAlerting } from '@vigil/slo';
import type { SloDetailFigures, SloSummaryFigures } from '@vigil/slo-engine';

/** The id of the check a check SLI reads (null for metric SLIs). */
export function checkIdOf(slo: Pick<SloRecord, 'sli'>): string | null {
  return slo.sli.kind === 'check_probes' || slo.sli.kind === 'check_uptime' ? slo.sli.checkId : null;
}

/**
 * An SLO as the API shows it: its definition, the effective alerting, and how far recording has
 * got. `checkNames`: id → name of the checks these SLOs read (a check SLI's check is shown by name).
 */
export function sloView(slo: SloRecord, checkNames: ReadonlyMap<string, string>): Slo {
  return { ...sloListView(slo, checkNames), alerting: { ...effectiveAlerting(slo), burnRatesCustom: slo.alerting.burnRates !== undefined } };
}

/** The SLO as a list row shows it: without its alerting settings. */
export function sloListView(slo: SloRecord, checkNames: ReadonlyMap<string, string>): Omit<Slo, 'alerting'> {
  const history = slo.historyCursor === null || slo.historyLimit === null ? 'pending' : slo.historyCursor.getTime() <= slo.historyLimit.getTime() ? 'done' : 'running';
  const checkId = checkIdOf(slo);
  return {
    id: slo.id,
    name: slo.name,
    description: slo.description,
    service: slo.service,
    sli: slo.sli,
    objective: slo.objective,
    window: slo.window,
    recording: {
      revision: slo.sliRevision,
      recordedUntil: slo.recordedUntil?.toISOString() ?? null,
      history: { state: history, reachedBack: slo.historyReachedBack?.toISOString() ?? null },
      error: slo.recordingError,
    },
    // A check SLI's check cannot be deleted while the SLO reads it (409), so its name is there.
    check: checkId === null ? null : { id: checkId, name: checkNames.get(checkId) ?? checkId },
    createdAt: slo.createdAt.toISOString(),
    updatedAt: slo.updatedAt.toISOString(),
  };
}

/** The list row's figures and the state of the SLO's alerts (the most severe firing one); `instances` are those of the SLO's rules. */
export function summaryView(figures: SloSummaryFigures | undefined, instances: readonly AlertInstanceRecord[]): SloDetail['summary'] {
  const own = instances.filter((instance) => instance.state === 'firing');
  const state = own.some((instance) => instance.severity === 'critical') ? 'critical' : own.length > 0 ? 'warning' : !figures || figures.valid === 0 ? 'no_data' : 'ok';
  return {
    sli: figures?.sli ?? null,
    budgetRemainingPercent: figures?.budgetRemainingPercent ?? null,
    burnRate1h: figures?.burnRate1h ?? null,
    state,
    firing: own.length,
  };
}

/** The detail's figures; an SLO with nothing recorded yet reads empty. */
export function figuresView(figures: SloDetailFigures | null, now: number): Omit<SloDetail, 'slo' | 'summary' | 'alerts' | 'alertEvents'> {
  if (!figures) {
    return {
      window: { from: now, to: now, end: now },
      events: { good: 0, valid: 0, bad: 0 },
      budget: null,
      burnRates: [],
      exhaustion: { burnRate: null, at: null },
      series: { step: 3_600_000, budgetRemaining: [], burnRate: [], sli: [] },
      groups: [],
    };
  }
  return {
    window: { from: figures.window.from, to: figures.window.to, end: figures.window.end },
    events: { ...figures.events, bad: figures.events.valid - figures.events.good },
    budget: figures.budget,
    burnRates: figures.burnRates,
    exhaustion: figures.exhaustion,
    series: figures.series,
    groups: figures.groups,
  };
}
