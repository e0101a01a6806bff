import { decodeMetricValue, type MetricPoints } from '@vigil/contracts';

/** `[epoch ms, value]`, ascending by time, as every API time series comes (NaN and ±Inf decoded). */
export type TimePoint = readonly [number, number];

/** API points (non-finite values as "NaN", "+Inf", "-Inf") as numbers. */
export function chartPoints(points: MetricPoints): TimePoint[] {
  return points.map(([time, value]) => [time, decodeMetricValue(value)] as const);
}

/**
 * A value a chart can draw: NaN and ±Inf are null, which uPlot draws as a gap (it cannot scale
 * them, and a line through them would claim values that were not there).
 */
function drawable(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** `service="checkout", region="eu"`, or the metric name when a series has no labels. */
export function seriesLabel(metricName: string, labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? metricName : entries.map(([key, value]) => `${key}="${value}"`).join(', ');
}

export function countPoints(series: readonly { points: readonly unknown[] }[]): number {
  return series.reduce((total, one) => total + one.points.length, 0);
}

export interface AlignedSeries {
  /** Shared x axis in seconds (uPlot's unit for time scales). */
  xs: number[];
  /**
   * One array per series, aligned to `xs`: null (a gap in the line) where the series has a NaN
   * or ±Inf point; undefined (the line carries on past it) where it has no point at all, as
   * series sampled at different times do not break each other's lines.
   */
  ys: (number | null | undefined)[][];
  /**
   * Per series, its NaN and ±Inf points by position in `xs`: drawn as gaps, but named in the
   * legend. A map rather than a second copy of every series, as they are rare.
   */
  nonFinite: Map<number, number>[];
}

/** The value behind a gap: the series' NaN or ±Inf there, or undefined where it has no point. */
export function nonFiniteAt(aligned: AlignedSeries, series: number, index: number): number | undefined {
  return aligned.nonFinite[series]?.get(index);
}

/**
 * uPlot wants one shared x axis and one y array per series aligned to it. Built for series of
 * 10,000+ points: one series (or series on identical timestamps, as stepped queries return) is
 * copied straight through; otherwise the timestamps are sorted once in a typed array and each
 * series is walked with a cursor, relying on the API's ascending order — no Set, Map or
 * per-point objects.
 */
export function alignSeries(series: readonly { points: readonly TimePoint[] }[]): AlignedSeries {
  const first = series[0];
  if (!first) return { xs: [], ys: [], nonFinite: [] };
  const nonFinite = series.map(() => new Map<number, number>());
  const drawn = (one: number, index: number, value: number): number | null => {
    const shown = drawable(value);
    if (shown === null) nonFinite[one]?.set(index, value);
    return shown;
  };
  if (series.every((one) => sameTimes(one.points, first.points))) {
    return { xs: first.points.map(([time]) => time / 1000), ys: series.map((one, position) => one.points.map(([, value], index) => drawn(position, index, value))), nonFinite };
  }
  const all = new Float64Array(countPoints(series));
  let filled = 0;
  for (const one of series) for (const [time] of one.points) all[filled++] = time;
  all.sort();
  const times: number[] = [];
  for (let i = 0; i < all.length; i++) {
    const time = all[i] as number;
    if (i === 0 || time !== all[i - 1]) times.push(time);
  }
  const ys = series.map((one, position) => {
    const values = new Array<number | null | undefined>(times.length).fill(undefined);
    let cursor = 0;
    for (const [time, value] of one.points) {
      while (cursor < times.length && (times[cursor] as number) < time) cursor++;
      values[cursor] = drawn(position, cursor, value);
    }
    return values;
  });
  return { xs: times.map((time) => time / 1000), ys, nonFinite };
}

function sameTimes(a: readonly TimePoint[], b: readonly TimePoint[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]?.[0] !== b[i]?.[0]) return false;
  return true;
}

/** Distinguishable on white, in order; repeats past ten series. */
export const SERIES_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563', '#65a30d', '#ea580c'] as const;

export function seriesColor(position: number): string {
  return SERIES_COLORS[position % SERIES_COLORS.length] ?? SERIES_COLORS[0];
}
