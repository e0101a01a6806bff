import type { MetricBatch } from '@vigil/ingest';
import { descriptorFingerprint } from '../series-fingerprint';

export interface SeriesLimits {
  /** New series of one metric are refused once it has this many active series. */
  maxActiveSeriesPerMetric: number;
  /** New series of any metric are refused once the project has this many active series. */
  maxActiveSeriesPerProject: number;
}

/** The limits of a project that overrides neither. */
export const DEFAULT_SERIES_LIMITS: Readonly<SeriesLimits> = Object.freeze({ maxActiveSeriesPerMetric: 100_000, maxActiveSeriesPerProject: 1_000_000 });

/** Where a project's active series come from the first time the limiter sees the project. */
export interface ActiveSeriesSource {
  /** Series of the project seen at or after `sinceMs` (epoch ms), with when they were last seen. */
  loadActiveSeries(projectId: string, sinceMs: number): Promise<{ metricName: string; fingerprint: string; lastSeenMs: number }[]>;
}

export interface SeriesLimiterOptions {
  /** A series is active when it had a sample in this many hours (default 24). */
  activeWindowHours?: number;
  now?: () => number;
}

export interface AdmitResult {
  /** The batch without the refused samples; the same object when nothing was refused. */
  batch: MetricBatch;
  /** Samples refused by this call (also added to `batch.rejected`). */
  refused: number;
}

/** An active series; mutable, so a known series costs one lookup per batch, not a lookup and a write. */
interface ActiveSeries {
  lastSeenMs: number;
}

interface ProjectSeries {
  /** metric name → fingerprint → when last seen. */
  metrics: Map<string, Map<string, ActiveSeries>>;
  total: number;
  lastPrunedMs: number;
}

/** Expired series are swept at most this often per project, and only when a limit is reached. */
const PRUNE_INTERVAL_MS = 60_000;

/**
 * Cardinality protection: a project may not create series without bound. Series already known
 * (active in the last `activeWindowHours`) always pass; a new series passes only while its
 * metric and its project are under their limits. The active set lives in memory per process,
 * seeded lazily from metric_series the first time a project is seen, and grows as this process
 * admits series. Replicas each admit up to the limit on their own, so with N api replicas a
 * burst can exceed a limit by up to N-1 × the burst before every replica has seen it: the
 * limit protects the store from runaway cardinality, it is not an exact quota.
 */
export class SeriesLimiter {
  private readonly projects = new Map<string, Promise<ProjectSeries>>();
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: ActiveSeriesSource,
    options: SeriesLimiterOptions = {},
  ) {
    this.windowMs = (options.activeWindowHours ?? 24) * 3_600_000;
    this.now = options.now ?? Date.now;
  }

  private project(projectId: string): Promise<ProjectSeries> {
    let state = this.projects.get(projectId);
    if (state === undefined) {
      const now = this.now();
      state = this.source.loadActiveSeries(projectId, now - this.windowMs).then((rows) => {
        const metrics = new Map<string, Map<string, ActiveSeries>>();
        for (const row of rows) {
          let series = metrics.get(row.metricName);
          if (series === undefined) metrics.set(row.metricName, (series = new Map()));
          series.set(row.fingerprint, { lastSeenMs: row.lastSeenMs });
        }
        return { metrics, total: rows.length, lastPrunedMs: now };
      });
      // A failed seed is not cached: the next request tries again (and this one fails, retryably).
      state.catch(() => this.projects.delete(projectId));
      this.projects.set(projectId, state);
    }
    return state;
  }

  /**
   * Admits the batch's samples of known series and of new series within the limits; refuses
   * the samples of other new series, with a reason naming the limit. Admitted new series count
   * as active from now on.
   */
  async admit(projectId: string, batch: MetricBatch, limits: SeriesLimits): Promise<AdmitResult> {
    const state = await this.project(projectId);
    const now = this.now();
    // Per series index: 1 admitted, 2 refused (per metric), 3 refused (per project).
    const verdict = new Uint8Array(batch.series.length);
    const used = new Uint8Array(batch.series.length);
    for (let index = 0; index < batch.sampleCount; index++) used[batch.sampleSeries[index] as number] = 1;

    // A batch's series come grouped by metric (an OTLP metric's points, a histogram's buckets):
    // the last metric's map is kept rather than looked up per series.
    let lastName: string | undefined;
    let series: Map<string, ActiveSeries> | undefined;
    for (let index = 0; index < batch.series.length; index++) {
      if (used[index] === 0) continue;
      const descriptor = batch.series[index] as MetricBatch['series'][number];
      const fingerprint = descriptorFingerprint(descriptor);
      if (descriptor.name !== lastName) {
        lastName = descriptor.name;
        series = state.metrics.get(lastName);
      }
      const known = series?.get(fingerprint);
      if (known !== undefined) {
        known.lastSeenMs = now;
        verdict[index] = 1;
        continue;
      }
      if ((series?.size ?? 0) >= limits.maxActiveSeriesPerMetric || state.total >= limits.maxActiveSeriesPerProject) {
        this.prune(state, now);
        series = state.metrics.get(descriptor.name);
      }
      if ((series?.size ?? 0) >= limits.maxActiveSeriesPerMetric) verdict[index] = 2;
      else if (state.total >= limits.maxActiveSeriesPerProject) verdict[index] = 3;
      else {
        if (series === undefined) state.metrics.set(descriptor.name, (series = new Map()));
        series.set(fingerprint, { lastSeenMs: now });
        state.total++;
        verdict[index] = 1;
      }
    }
    return filterBatch(batch, verdict, limits);
  }

  private prune(state: ProjectSeries, now: number): void {
    if (now - state.lastPrunedMs < PRUNE_INTERVAL_MS) return;
    state.lastPrunedMs = now;
    const cutoff = now - this.windowMs;
    for (const [name, series] of state.metrics) {
      for (const [fingerprint, { lastSeenMs }] of series) {
        if (lastSeenMs < cutoff) {
          series.delete(fingerprint);
          state.total--;
        }
      }
      if (series.size === 0) state.metrics.delete(name);
    }
  }
}

function filterBatch(batch: MetricBatch, verdict: Uint8Array, limits: SeriesLimits): AdmitResult {
  let perMetric = 0;
  let perProject = 0;
  for (let index = 0; index < batch.sampleCount; index++) {
    const series = verdict[batch.sampleSeries[index] as number];
    if (series === 2) perMetric++;
    else if (series === 3) perProject++;
  }
  const refused = perMetric + perProject;
  if (refused === 0) return { batch, refused: 0 };

  const kept = batch.sampleCount - refused;
  const sampleSeries = new Uint32Array(kept);
  const sampleTimestamps = new Float64Array(kept);
  const sampleValues = new Float64Array(kept);
  let out = 0;
  for (let index = 0; index < batch.sampleCount; index++) {
    const series = batch.sampleSeries[index] as number;
    if (verdict[series] !== 1) continue;
    sampleSeries[out] = series;
    sampleTimestamps[out] = batch.sampleTimestamps[index] as number;
    sampleValues[out] = batch.sampleValues[index] as number;
    out++;
  }
  const reasons = new Set(batch.rejected.reasons);
  const refusedMetrics = new Set<string>();
  for (let index = 0; index < verdict.length; index++) {
    const descriptor = batch.series[index] as MetricBatch['series'][number];
    if (verdict[index] === 2 && !refusedMetrics.has(descriptor.name)) {
      refusedMetrics.add(descriptor.name);
      reasons.add(`metric "${descriptor.name}": new series refused, it has ${limits.maxActiveSeriesPerMetric} active series (limit max_active_series_per_metric)`);
    } else if (verdict[index] === 3) {
      reasons.add(`new series refused: the project has ${limits.maxActiveSeriesPerProject} active series (limit max_active_series_per_project)`);
    }
  }
  return {
    batch: {
      ...batch,
      sampleSeries,
      sampleTimestamps,
      sampleValues,
      sampleCount: kept,
      rejected: {
        count: batch.rejected.count + refused,
        reasons: [...reasons],
        byReason: addCounts(batch.rejected.byReason, { max_active_series_per_metric: perMetric, max_active_series_per_project: perProject }),
        // The decoder's refusals keep their places; a series refusal has no single place to name.
        ...(batch.rejected.places ? { places: batch.rejected.places } : {}),
      },
    },
    refused,
  };
}

type ReasonCounts = NonNullable<MetricBatch['rejected']['byReason']>;

/** The decoder's counts by reason plus this limiter's (reasons with no items left out). */
function addCounts(counts: ReasonCounts | undefined, more: ReasonCounts): ReasonCounts {
  const sum: Record<string, number | undefined> = { ...counts };
  for (const [reason, items = 0] of Object.entries(more)) if (items > 0) sum[reason] = (sum[reason] ?? 0) + items;
  return sum;
}
