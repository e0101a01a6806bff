import type { TimePoint } from './chart-data';

/**
 * SVG `points` for a polyline of `points` scaled into width × height (y grows downwards), over
 * the time span [from, to] so sparklines of one table share an x axis. The y axis starts at 0
 * for non-negative data, so a flat low line does not look like a spike.
 */
export function sparklinePoints(points: readonly TimePoint[], from: number, to: number, width: number, height: number): string {
  if (points.length === 0 || to <= from) return '';
  let min = 0;
  let max = 0;
  for (const [, value] of points) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const span = max - min || 1;
  const x = (time: number) => round(((time - from) / (to - from)) * width);
  const y = (value: number) => round(height - ((value - min) / span) * height);
  return points.map(([time, value]) => `${x(time)},${y(value)}`).join(' ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
