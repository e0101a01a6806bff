import type { TimePoint } from './chart-data';

export interface SparklineShape {
  /** SVG `points` of the line; empty for fewer than two points. */
  line: string;
  /** The last point, drawn as a dot: visible however little of the range the data covers. */
  last: { x: number; y: number } | undefined;
}

/** Room kept around the drawing for the dot's radius, so it is never clipped at an edge. */
export const SPARKLINE_INSET = 2;
/** The narrowest a line is drawn, so a few minutes of data in an hour-wide sparkline keep their shape. */
export const SPARKLINE_MIN_SPAN = 20;

/**
 * A sparkline scaled into width × height (y grows downwards) over the time span [from, to], so
 * the sparklines of one table share an x axis and a series that covers only part of the range
 * is drawn where it lies: a service that started 3 minutes ago draws at the right edge of an
 * hour. Partial coverage stays readable: a line narrower than SPARKLINE_MIN_SPAN px is widened
 * leftwards from its real end to that width (its shape, not its start, is what it shows), and
 * the last point is a dot, so a single point shows too. The y axis starts at 0 for non-negative
 * data, so a flat low line does not look like a spike.
 */
export function sparklineShape(points: readonly TimePoint[], from: number, to: number, width: number, height: number): SparklineShape {
  const first = points[0];
  const end = points[points.length - 1];
  if (!first || !end || to <= from) return { line: '', last: undefined };
  let min = 0;
  let max = 0;
  for (const [, value] of points) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const span = max - min || 1;
  const innerWidth = width - 2 * SPARKLINE_INSET;
  const innerHeight = height - 2 * SPARKLINE_INSET;
  const realX = (time: number) => SPARKLINE_INSET + clamp((time - from) / (to - from), 0, 1) * innerWidth;
  let x = realX;
  const [startX, endX] = [realX(first[0]), realX(end[0])];
  if (points.length > 1 && endX - startX < SPARKLINE_MIN_SPAN) {
    const left = Math.max(SPARKLINE_INSET, endX - SPARKLINE_MIN_SPAN);
    const duration = end[0] - first[0];
    x = (time) => left + (duration > 0 ? (time - first[0]) / duration : 1) * SPARKLINE_MIN_SPAN;
  }
  const y = (value: number) => SPARKLINE_INSET + innerHeight - ((value - min) / span) * innerHeight;
  const line = points.length > 1 ? points.map(([time, value]) => `${round(x(time))},${round(y(value))}`).join(' ') : '';
  return { line, last: { x: round(x(end[0])), y: round(y(end[1])) } };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
