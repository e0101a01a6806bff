'use client';

import { useMemo, useRef } from 'react';
import 'uplot/dist/uPlot.min.css';
import type uPlot from 'uplot';
import { useLatest } from '../../hooks/use-latest';
import { selectHook, useUplot } from '../../hooks/use-uplot';
import { alignSeries, seriesColor, type TimePoint } from '../../lib/chart-data';
import { formatValue } from '../../lib/format';

export interface ChartSeries {
  label: string;
  points: readonly TimePoint[];
}

export interface TimeSeriesChartProps {
  /** Keep the array's identity stable between renders (useMemo): it is what triggers re-alignment. */
  series: readonly ChartSeries[];
  from: number;
  to: number;
  height?: number;
  /** Formats axis ticks and legend values. */
  format?(value: number): string;
  /** Called with the dragged span in epoch ms; without it dragging does nothing. */
  onZoom?(from: number, to: number): void;
  testId?: string;
}

/**
 * Lines over time on a uPlot canvas with uPlot's legend (series labels and values under the
 * cursor). The conversion to uPlot's columns is memoised on `series`; 10,000 points per series
 * are drawn by uPlot without React touching them.
 */
export function TimeSeriesChart({ series, from, to, height = 300, format = formatValue, onZoom, testId = 'time-series-chart' }: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const aligned = useMemo(() => alignSeries(series), [series]);
  const data = useMemo(() => [aligned.xs, ...aligned.ys] as [number[], ...(number | null)[][]], [aligned]);
  const shapeKey = useMemo(() => series.map((one) => one.label).join('\n'), [series]);
  const live = useLatest({ from, to, format, onZoom });

  useUplot(container, {
    shapeKey,
    data,
    height,
    options: (width) => ({
      width,
      height,
      scales: { x: { time: true, range: () => [live.current.from / 1000, live.current.to / 1000] } },
      axes: [
        { stroke: '#4b5563', grid: { stroke: '#eef0f3' } },
        { stroke: '#4b5563', grid: { stroke: '#eef0f3' }, size: axisWidth, values: (_u, ticks) => ticks.map((tick) => live.current.format(tick)) },
      ],
      cursor: { drag: { x: true, y: false, setScale: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      hooks: { setSelect: [selectHook(() => live.current.onZoom)] },
      series: [
        { label: 'Time' },
        ...series.map((one, position) => ({
          label: one.label,
          stroke: seriesColor(position),
          width: 1.5,
          spanGaps: true,
          points: { show: (u: uPlot) => (u.data[0]?.length ?? 0) <= 60, size: 5 },
          value: (_u: unknown, value: number | null) => (value === null ? '—' : live.current.format(value)),
        })),
      ],
    }),
  });

  return <div ref={container} className="chart" data-testid={testId} data-zoomable={onZoom ? 'true' : undefined} style={{ minHeight: height + 40 }} />;
}

/** Wide enough for the longest tick label (`1,250 req/s`), which uPlot does not measure itself. */
function axisWidth(_u: uPlot, values: string[] | null): number {
  const longest = (values ?? []).reduce((max, value) => Math.max(max, value.length), 0);
  return Math.max(40, Math.ceil(longest * 7) + 18);
}
