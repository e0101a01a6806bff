import type { SloRecord } from '@vigil/config-store';
import {
  BURN_RATE_WINDOW_SECONDS,
  burnRate,
  burnRateReport,
  type BurnRateReport,
  budgetSeries,
  type BudgetSeries,
  chartStep,
  type Budget,
  errorBudget,
  exhaustionTime,
  floorTo,
  MINUTE_MS,
  sliGroupBy,
  sliOf,
  windowRange,
  type WindowRange,
} from '@vigil/slo';
import type { TelemetryStore } from '@vigil/telemetry-store';
import { type EventCounts, labelsOfGroupKey, SliRecordRepository, type SliRef, sumGroups } from './sli-records.repository';

/** Where an SLO's figures end: the last recorded minute, never in the future (null: nothing recorded yet). */
export function figuresEnd(slo: Pick<SloRecord, 'recordedUntil'>, now: number): number | null {
  if (slo.recordedUntil === null) return null;
  return Math.min(floorTo(now, MINUTE_MS), slo.recordedUntil.getTime());
}

export const refOf = (slo: Pick<SloRecord, 'id' | 'sliRevision'>): SliRef => ({ sloId: slo.id, revision: slo.sliRevision });

export interface SloSummaryFigures {
  sli: number | null;
  budgetRemainingPercent: number | null;
  burnRate1h: number | null;
  /** Valid events in the window (0: nothing recorded). */
  valid: number;
}

export interface SloDetailFigures {
  window: WindowRange;
  events: EventCounts;
  budget: Budget | null;
  burnRates: BurnRateReport[];
  exhaustion: { burnRate: number | null; at: number | null };
  series: BudgetSeries & { step: number };
  groups: { labels: Record<string, string>; sli: number | null; budgetRemainingPercent: number | null; good: number; valid: number }[];
}

const ONE_HOUR = [3_600_000];
const MAX_GROUPS_SHOWN = 50;

/**
 * An SLO's figures from its SLI records (docs/slo.md, Figures): SLI, budget and burn rates over
 * its window up to the last recorded minute. The list reads all of a project's SLOs at once (a
 * query per distinct window range and one for the hour's burn rate); the detail adds the seven
 * burn-rate windows, per-step series over the window, and per-group figures.
 */
export class SloFigures {
  private readonly records: SliRecordRepository;

  constructor(telemetry: TelemetryStore) {
    this.records = new SliRecordRepository(telemetry);
  }

  async summaries(projectId: string, slos: readonly SloRecord[], now: number): Promise<Map<string, SloSummaryFigures>> {
    const ended = slos.flatMap((slo) => {
      const to = figuresEnd(slo, now);
      return to === null ? [] : [{ slo, to, range: windowRange(slo.window, to) }];
    });
    const totals = await this.records.totals(
      projectId,
      ended.map(({ slo, range }) => ({ ...refOf(slo), from: range.from, to: range.to })),
    );
    const burn = new Map<string, EventCounts>();
    const byEnd = new Map<number, SloRecord[]>();
    for (const { slo, to } of ended) byEnd.set(to, [...(byEnd.get(to) ?? []), slo]);
    for (const [to, group] of byEnd) {
      const windows = await this.records.windowTotals(projectId, group.map(refOf), to, ONE_HOUR);
      for (const slo of group) burn.set(slo.id, sumWindow(windows.get(slo.id), 0));
    }
    const result = new Map<string, SloSummaryFigures>();
    for (const { slo, range } of ended) {
      const { good, valid } = sumGroups(totals.get(slo.id));
      const hour = burn.get(slo.id) ?? { good: 0, valid: 0 };
      result.set(slo.id, {
        sli: sliOf(good, valid),
        budgetRemainingPercent: errorBudget(good, valid, slo.objective, range.lengthMs)?.remainingPercent ?? null,
        burnRate1h: burnRate(hour.good, hour.valid, slo.objective),
        valid,
      });
    }
    return result;
  }

  /** Null when nothing is recorded for the SLO's current SLI yet. */
  async detail(projectId: string, slo: SloRecord, now: number): Promise<SloDetailFigures | null> {
    const to = figuresEnd(slo, now);
    if (to === null) return null;
    const ref = refOf(slo);
    const range = windowRange(slo.window, to);
    const totals = (await this.records.totals(projectId, [{ ...ref, from: range.from, to: range.to }])).get(slo.id);
    const events = sumGroups(totals);
    const budget = errorBudget(events.good, events.valid, slo.objective, range.lengthMs);
    const windows = (await this.records.windowTotals(projectId, [ref], to, BURN_RATE_WINDOW_SECONDS.map((seconds) => seconds * 1000))).get(slo.id);
    const burnRates = burnRateReport(
      BURN_RATE_WINDOW_SECONDS.map((seconds, index) => ({ seconds, ...sumWindow(windows, index) })),
      slo.objective,
    );
    const hourRate = burnRates.find((report) => report.seconds === 3_600)?.burnRate ?? null;
    const step = chartStep(range.lengthMs);
    const steps = await this.records.steps(projectId, ref, range.from, range.to, step);
    const groups = [...(totals ?? new Map<string, EventCounts>())]
      .map(([groupKey, counts]) => ({
        labels: labelsOfGroupKey(groupKey),
        sli: sliOf(counts.good, counts.valid),
        budgetRemainingPercent: errorBudget(counts.good, counts.valid, slo.objective, range.lengthMs)?.remainingPercent ?? null,
        ...counts,
      }))
      .sort((a, b) => (a.budgetRemainingPercent ?? Infinity) - (b.budgetRemainingPercent ?? Infinity))
      .slice(0, MAX_GROUPS_SHOWN);
    return {
      window: range,
      events,
      budget,
      burnRates,
      exhaustion: { burnRate: hourRate, at: exhaustionTime(budget?.remainingPercent ?? null, hourRate, range.lengthMs, to) },
      series: { step, ...budgetSeries(steps, step, slo.objective, range.lengthMs) },
      groups: sliGroupBy(slo.sli).length > 0 ? groups : [],
    };
  }
}

/** The list's figures of an SLO, from its detail (the same arithmetic, without reading again). */
export function summaryOf(detail: SloDetailFigures | null): SloSummaryFigures | undefined {
  if (!detail) return undefined;
  return {
    sli: sliOf(detail.events.good, detail.events.valid),
    budgetRemainingPercent: detail.budget?.remainingPercent ?? null,
    burnRate1h: detail.burnRates.find((report) => report.seconds === 3_600)?.burnRate ?? null,
    valid: detail.events.valid,
  };
}

/** The window `index` of every group of one SLO, summed. */
export function sumWindow(groups: ReadonlyMap<string, EventCounts[]> | undefined, index: number): EventCounts {
  let good = 0;
  let valid = 0;
  for (const windows of groups?.values() ?? []) {
    good += windows[index]?.good ?? 0;
    valid += windows[index]?.valid ?? 0;
  }
  return { good, valid };
}
