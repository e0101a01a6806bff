'use client';

import type { MetricQueryResponse } from '@vigil/contracts';
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignSeries, seriesColor, seriesLabel } from '../../lib/chart-data';

const HEIGHT = 320;

/**
 * One line per series over a time axis, drawn by uPlot on a canvas, with uPlot's legend
 * (series labels and the values under the cursor). uPlot is loaded in the browser only: it
 * measures the DOM as it starts.
 */
export function MetricChart({ result }: { result: MetricQueryResponse }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let chart: uPlot | undefined;
    let cancelled = false;
    const resize = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth, height: HEIGHT }));

    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const { xs, ys } = alignSeries(result.series);
      chart = new UPlot(
        {
          width: element.clientWidth,
          height: HEIGHT,
          scales: { x: { time: true, range: () => [result.from / 1000, result.to / 1000] } },
          axes: [{ stroke: '#4b5563', grid: { stroke: '#eef0f3' } }, { stroke: '#4b5563', grid: { stroke: '#eef0f3' }, size: 60 }],
          cursor: { drag: { x: true, y: false } },
          series: [
            { label: 'Time' },
            ...result.series.map((one, position) => ({
              label: seriesLabel(result.name, one.labels),
              stroke: seriesColor(position),
              width: 2,
              spanGaps: true,
              points: { show: xs.length <= 60, size: 5 },
            })),
          ],
        },
        [xs, ...ys],
        element,
      );
      resize.observe(element);
    });

    return () => {
      cancelled = true;
      resize.disconnect();
      chart?.destroy();
    };
  }, [result]);

  return <div ref={container} className="chart" data-testid="metric-chart" />;
}
