'use client';

import { useMemo, useRef } from 'react';
import 'uplot/dist/uPlot.min.css';
import type uPlot from 'uplot';
import { useLatest } from '../../hooks/use-latest';
import { selectHook, useUplot } from '../../hooks/use-uplot';
import { alignSeries, nonFiniteAt, seriesColor, type TimePoint } from '../../lib/chart-data';
import { formatValue } from '../../lib/unit-format';
import { legendTime, timeAxis, valueAxis } from './chart-axes';

export interface ChartSeries {
  label: string;
  points: readonly TimePoint[];
}

export interface TimeSeriesChartProps {
  /** Keep the array's identity stable between renders (useMemo): it is what triggers re-alignment. */
  series: readonly ChartSeries[];
  from: number;
  to: number;
  /** UCUM unit of the values (the API's `unit`; null: plain numbers): the y axis and the legend use it. */
  unit: string | null;
  /** ms between points (the query's step), for how precisely the legend writes times; raw samples: leave out. */
  stepMs?: number;
  height?: number;
  /** Minimum px between time ticks (default the axis's 64); multi-day ranges on narrow charts need more, as dates sit under the ticks. */
  timeTickSpace?: number;
  /** Called with the dragged span in epoch ms; without it dragging does nothing. */
  onZoom?(from: number, to: number): void;
  testId?: string;
}

/** Raw samples have exact times: their legend shows seconds. */
const RAW_RESOLUTION_MS = 1000;

/**
 * Lines over time on a uPlot canvas with uPlot's legend (series labels and values under the
 * cursor). The conversion to uPlot's columns is memoised on `series`; 10,000 points per series
 * are drawn by uPlot without React touching them. The chart is as wide as its container and
 * follows it (useUplot), so a grid of charts reflows with the window.
 */
export function TimeSeriesChart({ series, from, to, unit, stepMs, height = 300, timeTickSpace, onZoom, testId = 'time-series-chart' }: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const aligned = useMemo(() => alignSeries(series), [series]);
  const data = useMemo((): uPlot.AlignedData => [aligned.xs, ...aligned.ys], [aligned]);
  const shapeKey = useMemo(() => series.map((one) => one.label).join('\n'), [series]);
  const live = useLatest({ from, to, unit, stepMs, aligned, onZoom });

  useUplot(container, {
    shapeKey,
    data,
    height,
    options: (width) => ({
      width,
      height,
      scales: { x: { time: true, range: () => [live.current.from / 1000, live.current.to / 1000] } },
      axes: [timeAxis(timeTickSpace === undefined ? {} : { space: timeTickSpace }), valueAxis(() => live.current.unit)],
      cursor: { drag: { x: true, y: false, setScale: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      hooks: { setSelect: [selectHook(() => live.current.onZoom)] },
      series: [
        { label: 'Time', value: legendTime(() => live.current, () => live.current.stepMs ?? RAW_RESOLUTION_MS) },
        ...series.map((one, position) => ({
          label: one.label,
          stroke: seriesColor(position),
          width: 1.5,
          // Gaps only at NaN/±Inf points (null); missing points (undefined) are spanned.
          spanGaps: false,
          points: { show: (u: uPlot) => (u.data[0]?.length ?? 0) <= 60, size: 5 },
          // A gap is either no point (—) or a NaN/±Inf point, which the legend names.
          value: (_u: uPlot, value: number | null | undefined, _series: number, index: number | null) =>
            formatValue(value ?? (index === null ? undefined : nonFiniteAt(live.current.aligned, position, index)), live.current.unit),
        })),
      ],
    }),
  });

  return <div ref={container} className="chart" data-testid={testId} data-unit={unit ?? ''} data-zoomable={onZoom ? 'true' : undefined} style={{ minHeight: height + 40 }} />;
}
