import type { MetricSeries } from '@vigil/contracts';

/** `service="checkout", region="eu"`, or the metric name when a series has no labels. */
export function seriesLabel(metricName: string, labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? metricName : entries.map(([key, value]) => `${key}="${value}"`).join(', ');
}

export function countPoints(series: readonly MetricSeries[]): number {
  return series.reduce((total, one) => total + one.points.length, 0);
}

/**
 * uPlot wants one shared x axis (seconds) and one y array per series, aligned to it. Series
 * sampled at different times get `null` where they have no point (drawn as a gap-spanning line).
 */
export function alignSeries(series: readonly MetricSeries[]): { xs: number[]; ys: (number | null)[][] } {
  const times = [...new Set(series.flatMap((one) => one.points.map(([time]) => time)))].sort((a, b) => a - b);
  const index = new Map(times.map((time, position) => [time, position]));
  const ys = series.map((one) => {
    const values: (number | null)[] = new Array<number | null>(times.length).fill(null);
    for (const [time, value] of one.points) values[index.get(time) ?? 0] = value;
    return values;
  });
  return { xs: times.map((time) => time / 1000), ys };
}

/** Distinguishable on white, in order; repeats past ten series. */
export const SERIES_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563', '#65a30d', '#ea580c'] as const;

export function seriesColor(position: number): string {
  return SERIES_COLORS[position % SERIES_COLORS.length] ?? SERIES_COLORS[0];
}
