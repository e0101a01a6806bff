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

const ONE_HOUR_MS = 3_600_000;
const MAX_GROUPS_SHOWN = 50;

/**
 * An SLO's figures from its SLI records (docs/slo.md, Figures): SLI, budget and burn rates over
 * its window up to the last recorded minute. The list reads all of a project's SLOs at once (one
 * query, its figures reused while the records have not moved); the detail adds the seven
 * burn-rate windows, per-step series over the window, and per-group figures.
 */
export class SloFigures {
  private readonly records: SliRecordRepository;
  private readonly cache = new SummaryCache();

  constructor(telemetry: TelemetryStore) {
    this.records = new SliRecordRepository(telemetry);
  }

  /**
   * The list's figures of these SLOs (absent: nothing recorded yet). One engine query for those
   * not cached: each SLO's window totals and its last hour, groups summed (see `SummaryCache` for
   * what is reused and for how long).
   */
  async summaries(projectId: string, slos: readonly SloRecord[], now: number): Promise<Map<string, SloSummaryFigures>> {
    const result = new Map<string, SloSummaryFigures>();
    const missing: { slo: SloRecord; to: number; range: WindowRange; key: string }[] = [];
    const cached = this.cache.project(projectId, now);
    for (const slo of slos) {
      const to = figuresEnd(slo, now);
      if (to === null) continue;
      const key = summaryKey(slo, to);
      const hit = cached.get(slo.id, key);
      if (hit) result.set(slo.id, hit);
      else missing.push({ slo, to, range: windowRange(slo.window, to), key });
    }
    if (missing.length === 0) return result;
    const totals = await this.records.summaryTotals(
      projectId,
      missing.map(({ slo, to, range }) => ({ ...refOf(slo), from: range.from, to: range.to, recentFrom: to - ONE_HOUR_MS })),
    );
    for (const { slo, range, key } of missing) {
      const { window, recent } = totals.get(slo.id) ?? { window: { good: 0, valid: 0 }, recent: { good: 0, valid: 0 } };
      const figures = {
        sli: sliOf(window.good, window.valid),
        budgetRemainingPercent: errorBudget(window.good, window.valid, slo.objective, range.lengthMs)?.remainingPercent ?? null,
        burnRate1h: burnRate(recent.good, recent.valid, slo.objective),
        valid: window.valid,
      };
      cached.set(slo.id, key, figures);
      result.set(slo.id, figures);
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

/**
 * What an SLO's list figures depend on besides late corrections: its SLI revision, where its
 * figures end (the last recorded minute), how far history has got, the objective and the window.
 */
function summaryKey(slo: SloRecord, to: number): string {
  return JSON.stringify([slo.sliRevision, to, slo.historyCursor?.getTime() ?? null, slo.objective, slo.window]);
}

/**
 * How long list figures are reused while their key holds: one recording interval. Recording
 * moves an SLO's last recorded minute every pass (a minute), which changes its key, so figures are
 * read again after each pass; only a correction of minutes already recorded (late data re-recorded,
 * a check SLI's last minutes counted again) leaves the key as it was, and shows after at most this.
 */
export const SUMMARY_REUSE_MS = 60_000;
/** Projects whose figures are kept (the least recently listed go first). */
const MAX_CACHED_PROJECTS = 200;

/**
 * The list's figures per project and SLO, in this process: the dashboard re-reads the list every
 * 10 s, while the figures change once a minute. Hand-written: a Map with an age and a key per
 * entry is all it takes (lru-cache would bound only the project count, which a Map does here too).
 */
class SummaryCache {
  private readonly projects = new Map<string, Map<string, { key: string; at: number; figures: SloSummaryFigures }>>();

  /** The project's entries (those older than SUMMARY_REUSE_MS dropped, SLOs no longer asked for forgotten at the next fill). */
  project(projectId: string, now: number): { get(sloId: string, key: string): SloSummaryFigures | undefined; set(sloId: string, key: string, figures: SloSummaryFigures): void } {
    const entries = this.projects.get(projectId) ?? new Map<string, { key: string; at: number; figures: SloSummaryFigures }>();
    this.projects.delete(projectId);
    this.projects.set(projectId, entries);
    if (this.projects.size > MAX_CACHED_PROJECTS) this.projects.delete(this.projects.keys().next().value as string);
    for (const [sloId, entry] of entries) if (now - entry.at >= SUMMARY_REUSE_MS || entry.at > now) entries.delete(sloId);
    return {
      get: (sloId, key) => {
        const entry = entries.get(sloId);
        return entry?.key === key ? entry.figures : undefined;
      },
      set: (sloId, key, figures) => entries.set(sloId, { key, at: now, figures }),
    };
  }
}
