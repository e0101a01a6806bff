import { LOG_SEVERITY_NAMES, type LogSeverityName, type LogsHistogramResponse } from '@vigil/contracts';

/** Bottom to top in the stacked bars: `unspecified` (severity 0) under `trace`, up to `fatal`. */
const STACK_ORDER = LOG_SEVERITY_NAMES;
type StackLevel = LogSeverityName;

export const SEVERITY_COLORS: Record<StackLevel, string> = {
  unspecified: '#9aa5b1',
  trace: '#cbd2d9',
  debug: '#7b8794',
  info: '#3b82f6',
  warn: '#f59e0b',
  error: '#dc2626',
  fatal: '#7f1d1d',
};

export type HistogramBucket = LogsHistogramResponse['buckets'][number];

export interface StackedHistogram {
  /** Bucket starts in seconds. */
  xs: number[];
  /** Levels that occur, bottom first. */
  levels: StackLevel[];
  /** Per level, the running total up to and including it (what its bar's top reaches). */
  tops: number[][];
  /** Per level, the bucket's own count (what the legend shows). */
  counts: number[][];
}

/**
 * Stacked bars from the histogram: uPlot draws each series from 0, so a level's bar is drawn as
 * tall as everything up to it and the levels are painted top first (see the chart). Severities
 * the API might add later are counted as `unspecified` rather than dropped, so bars add up to `total`.
 */
export function stackHistogram(buckets: readonly HistogramBucket[]): StackedHistogram {
  const known = new Set<string>(STACK_ORDER);
  const levelOf = (name: string): StackLevel => (known.has(name) ? (name as StackLevel) : 'unspecified');
  const present = new Set<StackLevel>();
  for (const bucket of buckets) for (const [name, count] of Object.entries(bucket.bySeverity)) if (count > 0) present.add(levelOf(name));
  const levels = STACK_ORDER.filter((level) => present.has(level));
  const counts = levels.map((level) =>
    buckets.map((bucket) => Object.entries(bucket.bySeverity).reduce((sum, [name, count]) => (levelOf(name) === level ? sum + count : sum), 0)),
  );
  const running = buckets.map(() => 0);
  const tops = counts.map((row) => row.map((count, index) => (running[index] = (running[index] ?? 0) + count)));
  return { xs: buckets.map((bucket) => bucket.t / 1000), levels, tops, counts };
}

/** The start of the last bucket starting at or before `time` (both in seconds); bucket starts ascend. */
export function bucketStartAt(starts: ArrayLike<number>, time: number): number | undefined {
  let found: number | undefined;
  for (let i = 0; i < starts.length && (starts[i] as number) <= time; i++) found = starts[i];
  return found;
}
