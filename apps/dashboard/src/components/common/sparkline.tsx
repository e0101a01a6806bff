import { type TimePoint } from '../../lib/chart-data';
import { sparklineShape } from '../../lib/sparkline';
import { formatTime, formatTimeRange } from '../../lib/time-format';

const WIDTH = 96;
const HEIGHT = 24;

/**
 * A tiny inline SVG line: a table of services shows dozens of these, and a canvas chart
 * (uPlot) each would cost far more than a polyline of ~240 points. A faint track spans the
 * whole range, so data covering only part of it reads as "only since then", not as a broken
 * chart; the line sits where its data lies, at least a few pixels wide, and ends in a dot
 * (lib/sparkline). Hovering names the time the data covers.
 */
export function Sparkline({ points, from, to, color = '#2563eb', label }: { points: readonly TimePoint[]; from: number; to: number; color?: string; label: string }) {
  const shape = sparklineShape(points, from, to, WIDTH, HEIGHT);
  return (
    <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} data-points={points.length}>
      <title>{`${label}: ${coverage(points)}`}</title>
      <rect className="sparkline-track" x={0} y={0} width={WIDTH} height={HEIGHT} rx={3} />
      {shape.line ? <polyline points={shape.line} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" /> : null}
      {shape.last ? <circle cx={shape.last.x} cy={shape.last.y} r={2} fill={color} /> : null}
    </svg>
  );
}

/** The time the points cover, in the dashboard's time format. */
function coverage(points: readonly TimePoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'no data in this range';
  return first[0] === last[0] ? formatTime(first[0], { date: true, seconds: false }) : formatTimeRange(first[0], last[0]);
}
