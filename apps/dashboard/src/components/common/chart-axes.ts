import type uPlot from 'uplot';
import { detailFor, formatTime, formatTimeTicks } from '../../lib/time-format';
import { formatTicks, tickIncrements } from '../../lib/unit-format';

const AXIS_STROKE = '#4b5563';
const GRID_STROKE = '#eef0f3';

/**
 * uPlot draws tick labels on the canvas, out of reach of tests and screen readers, so the labels
 * it drew are also written to the chart's root as `data-x-ticks` / `data-y-ticks` ("|"-joined).
 */
function exposeTicks(u: uPlot, axis: 'x' | 'y', labels: string[]): string[] {
  u.root.dataset[axis === 'x' ? 'xTicks' : 'yTicks'] = labels.join('|');
  return labels;
}

/** The time axis in the dashboard's time format (lib/time-format): `14:05`, seconds under a minute, dates on a second line. */
export function timeAxis(extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: AXIS_STROKE,
    grid: { stroke: GRID_STROKE },
    // `14:05:30` needs about 60 px; uPlot picks the tick spacing from this.
    space: 64,
    values: (u, splits, _axis, _space, increment) =>
      exposeTicks(
        u,
        'x',
        formatTimeTicks(
          splits.map((split) => split * 1000),
          increment * 1000,
        ),
      ),
    ...extra,
  };
}

/**
 * A value axis labelled in the values' UCUM unit (lib/unit-format), with ticks round in that
 * unit (256 MiB steps for bytes, 15 s for durations), wide enough for its longest label. `unit`
 * is read on every draw: a chart kept across queries may show another unit next time.
 */
export function valueAxis(unit: () => string | null, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  const increments = new Map<string | null, number[]>();
  const incrementsFor = (current: string | null) => increments.get(current) ?? increments.set(current, tickIncrements(current)).get(current) ?? [];
  return {
    stroke: AXIS_STROKE,
    grid: { stroke: GRID_STROKE },
    size: axisWidth,
    incrs: () => incrementsFor(unit()),
    values: (u, splits) => exposeTicks(u, 'y', formatTicks(splits, unit())),
    ...extra,
  };
}

/** The legend's time: the date when the range spans days, seconds when points are under a minute apart. */
export function legendTime(range: () => { from: number; to: number }, resolutionMs: () => number): uPlot.Series.Value {
  return (_u, seconds) => (seconds === null || seconds === undefined ? '—' : formatTime(seconds * 1000, detailFor(range(), resolutionMs())));
}

/** Wide enough for the longest tick label (`1.25k req/s`), which uPlot does not measure itself. */
function axisWidth(_u: uPlot, values: string[] | null): number {
  const longest = (values ?? []).reduce((max, value) => Math.max(max, value.length), 0);
  return Math.max(40, Math.ceil(longest * 7) + 18);
}
