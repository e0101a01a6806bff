import { type TimePoint } from '../../lib/chart-data';
import { sparklinePoints } from '../../lib/sparkline';

const WIDTH = 96;
const HEIGHT = 24;

/**
 * A tiny inline SVG line: a table of services shows dozens of these, and a canvas chart
 * (uPlot) each would cost far more than a polyline of ~240 points.
 */
export function Sparkline({ points, from, to, color = '#2563eb', label }: { points: readonly TimePoint[]; from: number; to: number; color?: string; label: string }) {
  return (
    <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} data-points={points.length}>
      {points.length > 0 ? <polyline points={sparklinePoints(points, from, to, WIDTH, HEIGHT)} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" /> : null}
    </svg>
  );
}
