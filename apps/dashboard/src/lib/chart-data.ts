import { decodeMetricValue, type MetricPoints } from '@vigil/contracts';

/** `[epoch ms, value]`, ascending by time, as every API time series comes (NaN and ±Inf decoded). */
export type TimePoint = readonly [number, number];

/** API points (non-finite values as "NaN", "+Inf", "-Inf") as numbers. */
export function chartPoints(points: MetricPoints): TimePoint[] {
  return points.map(([time, value]) => [time, decodeMetricValue(value)] as const);
}

/** A value a chart can draw: NaN and ±Inf are gaps (uPlot cannot scale them). */
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
  /** One array per series, aligned to `xs`; null where that series has no point. */
  ys: (number | null)[][];
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
  if (!first) return { xs: [], ys: [] };
  if (series.every((one) => sameTimes(one.points, first.points))) {
    return { xs: first.points.map(([time]) => time / 1000), ys: series.map((one) => one.points.map(([, value]) => drawable(value))) };
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
  const ys = series.map((one) => {
    const values = new Array<number | null>(times.length).fill(null);
    let cursor = 0;
    for (const [time, value] of one.points) {
      while (cursor < times.length && (times[cursor] as number) < time) cursor++;
      values[cursor] = drawable(value);
    }
    return values;
  });
  return { xs: times.map((time) => time / 1000), ys };
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
