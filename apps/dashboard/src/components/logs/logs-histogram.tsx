'use client';

import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLatest } from '../../hooks/use-latest';
import { selectHook, useUplot } from '../../hooks/use-uplot';
import { bucketStartAt, type HistogramBucket, SEVERITY_COLORS, stackHistogram } from '../../lib/histogram-data';
import type { ResolvedRange } from '../../lib/time-range';
import { legendTime, timeAxis, valueAxis } from '../common/chart-axes';

const HEIGHT = 140;

export interface LogsHistogramProps {
  buckets: readonly HistogramBucket[];
  step: number;
  range: ResolvedRange;
  /** A clicked bar (its bucket) or a dragged span, in epoch ms. */
  onRange(from: number, to: number): void;
}

/**
 * Records per time bucket as bars stacked by severity. uPlot draws every series from zero, so
 * each level is drawn as tall as the running total up to it, tallest (top level) first, and
 * the legend shows each level's own count.
 */
export function LogsHistogram({ buckets, step, range, onRange }: LogsHistogramProps) {
  const container = useRef<HTMLDivElement>(null);
  const stacked = useMemo(() => stackHistogram(buckets), [buckets]);
  const drawOrder = useMemo(() => stacked.levels.map((_, index) => stacked.levels.length - 1 - index), [stacked]);
  const data = useMemo(() => [stacked.xs, ...drawOrder.map((index) => stacked.tops[index] ?? [])] as uPlot.AlignedData, [stacked, drawOrder]);
  const live = useLatest({ stacked, drawOrder, step, range, onRange });

  useUplot(container, {
    shapeKey: stacked.levels.join(','),
    data,
    height: HEIGHT,
    options: (width, UPlot) => ({
      width,
      height: HEIGHT,
      scales: { x: { time: true, range: () => [live.current.range.from / 1000, live.current.range.to / 1000] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      // Record counts: plain numbers (`1.2k`), no unit.
      axes: [timeAxis({ grid: { show: false } }), valueAxis(() => null, { ticks: { show: false } })],
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      legend: { show: true },
      hooks: { setSelect: [selectHook(() => live.current.onRange)], ready: [(u) => listenForBarClicks(u, (bucket) => live.current.onRange(bucket, bucket + live.current.step))] },
      series: [
        { label: 'Time', value: legendTime(() => live.current.range, () => live.current.step) },
        ...live.current.drawOrder.map((levelIndex) => {
          const level = live.current.stacked.levels[levelIndex] ?? 'unspecified';
          return {
            label: level,
            fill: SEVERITY_COLORS[level],
            stroke: SEVERITY_COLORS[level],
            width: 0,
            paths: UPlot.paths.bars?.({ size: [0.9, 64], align: 1 }),
            points: { show: false },
            value: (_u: uPlot, _value: number | null, _series: number, index: number | null) =>
              index === null ? '—' : String(live.current.stacked.counts[levelIndex]?.[index] ?? 0),
          };
        }),
      ],
    }),
  });

  const total = buckets.reduce((sum, bucket) => sum + bucket.total, 0);
  return (
    <div
      ref={container}
      className="chart histogram"
      data-testid="logs-histogram"
      data-buckets={buckets.length}
      data-total={total}
      style={{ minHeight: HEIGHT + 32 }}
    />
  );
}

/**
 * A click without a drag (a drag is uPlot's selection) narrows to the bucket under the pointer:
 * `onBucket(start ms)` with the start of the bar that covers that time.
 */
function listenForBarClicks(u: uPlot, onBucket: (startMs: number) => void): void {
  let pressedAt = 0;
  u.over.addEventListener('mousedown', (event) => (pressedAt = event.clientX));
  u.over.addEventListener('click', (event) => {
    if (Math.abs(event.clientX - pressedAt) >= 4) return;
    const start = bucketStartAt(u.data[0], u.posToVal(event.offsetX, 'x'));
    if (start !== undefined) onBucket(start * 1000);
  });
}
