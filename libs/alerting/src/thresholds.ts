import type { AlertSeverity, Comparator, Reducer } from '@vigil/contracts';

/**
 * Thresholds and reducers, shared by every rule kind. Values are breaching when
 * `value comparator threshold`; critical is checked before warning. A firing alert recovers
 * only once its value no longer breaches the recovery threshold (hysteresis), which defaults to
 * the least strict of warning and critical (so without one, "recovered" is "breaches neither").
 */
export interface Thresholds {
  comparator: Comparator;
  warning?: number;
  critical?: number;
  recovery?: number;
}

/** `value comparator threshold`; false for NaN (so no data never breaches by accident). */
export function breaches(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/** `critical` when the critical threshold is breached, else `warning` when the warning one is, else undefined. */
export function severityOf(value: number, thresholds: Thresholds): AlertSeverity | undefined {
  if (thresholds.critical !== undefined && breaches(value, thresholds.comparator, thresholds.critical)) return 'critical';
  if (thresholds.warning !== undefined && breaches(value, thresholds.comparator, thresholds.warning)) return 'warning';
  return undefined;
}

/** The least strict of warning and critical: the first one a rising (or falling) value crosses. */
export function loosestThreshold(thresholds: Thresholds): number | undefined {
  const { warning, critical } = thresholds;
  if (warning === undefined) return critical;
  if (critical === undefined) return warning;
  const above = thresholds.comparator === '>' || thresholds.comparator === '>=';
  return above ? Math.min(warning, critical) : Math.max(warning, critical);
}

/** The threshold a firing alert must stop breaching to recover: `recovery`, else the loosest. */
export function recoveryThreshold(thresholds: Thresholds): number | undefined {
  return thresholds.recovery ?? loosestThreshold(thresholds);
}

/** The threshold a severity is compared with (for evidence): critical or warning. */
export function thresholdFor(severity: AlertSeverity, thresholds: Thresholds): number | undefined {
  return severity === 'critical' ? thresholds.critical : thresholds.warning;
}

/**
 * True once the value no longer breaches the recovery threshold. With `>` 90 critical and
 * recovery 80, 85 is not recovered (still firing), 80 is. Without any threshold nothing can
 * fire, so everything is recovered.
 */
export function isRecovered(value: number, thresholds: Thresholds): boolean {
  const recovery = recoveryThreshold(thresholds);
  return recovery === undefined || !breaches(value, thresholds.comparator, recovery);
}

/** [epoch ms, value] points ascending by time, as the query engine returns them. */
export type Points = readonly (readonly [number, number])[];

/**
 * Folds a window's step values into the one value compared with the thresholds. Non-finite
 * values (NaN staleness markers, ±Inf) are ignored; undefined when none is left (no data).
 * `last` is the value of the latest finite point.
 */
export function reduce(points: Points, reducer: Reducer): number | undefined {
  if (reducer === 'last') {
    for (let index = points.length - 1; index >= 0; index--) {
      const value = (points[index] as readonly [number, number])[1];
      if (Number.isFinite(value)) return value;
    }
    return undefined;
  }
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const [, value] of points) {
    if (!Number.isFinite(value)) continue;
    count += 1;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (count === 0) return undefined;
  switch (reducer) {
    case 'avg':
      return sum / count;
    case 'sum':
      return sum;
    case 'min':
      return min;
    case 'max':
      return max;
  }
}
