'use client';

import type { AlertRulePreviewResponse } from '@vigil/contracts';
import { useMemo, useRef } from 'react';
import 'uplot/dist/uPlot.min.css';
import type uPlot from 'uplot';
import { useLatest } from '../../../hooks/use-latest';
import { useUplot } from '../../../hooks/use-uplot';
import { seriesColor } from '../../../lib/chart-data';
import { FIRING_FILLS, previewPlot, THRESHOLD_COLORS } from '../../../lib/preview-chart';
import { formatValue } from '../../../lib/unit-format';
import { legendTime, timeAxis, valueAxis } from '../../common/chart-axes';

export interface PreviewChartProps {
  response: AlertRulePreviewResponse;
  from: number;
  to: number;
  unit: string | null;
  height?: number;
}

/**
 * What a rule would have seen: its value per label group at each evaluation, the thresholds as
 * dashed lines across the range, and shaded bands (red critical, amber warning) where it would
 * have fired. The bands are painted on uPlot's canvas before the lines (its `drawClear` hook);
 * the thresholds and the number of bands are mirrored into `data-thresholds` / `data-firing`
 * for tests and assistive tools, as the axes' ticks are.
 */
export function PreviewChart({ response, from, to, unit, height = 260 }: PreviewChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useMemo(() => previewPlot(response, { from, to }), [response, from, to]);
  const data = useMemo(() => plot.columns as uPlot.AlignedData, [plot]);
  const shapeKey = useMemo(() => [...plot.groups, ...plot.thresholds.map((one) => one.label)].join('\n'), [plot]);
  const live = useLatest({ from, to, unit, plot });
  const stepMs = response.evaluations > 1 ? (to - from) / response.evaluations : 60_000;

  useUplot(container, {
    shapeKey,
    data,
    height,
    options: (width) => ({
      width,
      height,
      scales: { x: { time: true, range: () => [live.current.from / 1000, live.current.to / 1000] } },
      // Wider tick spacing than the explorer's: a day's range puts a date under two neighbouring ticks.
      axes: [timeAxis({ space: 96 }), valueAxis(() => live.current.unit)],
      cursor: { drag: { x: false, y: false } },
      hooks: { drawClear: [(u: uPlot) => paintBands(u, live.current.plot.bands)] },
      series: [
        { label: 'Time', value: legendTime(() => live.current, () => stepMs) },
        ...plot.groups.map((label, position) => ({
          label,
          stroke: seriesColor(position),
          width: 1.5,
          points: { show: (u: uPlot) => (u.data[0]?.length ?? 0) <= 60, size: 5 },
          value: (_u: uPlot, value: number | null | undefined) => formatValue(value ?? undefined, live.current.unit),
        })),
        ...plot.thresholds.map((threshold) => ({
          label: threshold.label,
          stroke: THRESHOLD_COLORS[threshold.kind],
          width: 1,
          dash: [6, 4],
          points: { show: false },
          value: () => formatValue(threshold.value, live.current.unit),
        })),
      ],
    }),
  });

  return (
    <div
      ref={container}
      className="chart preview-chart"
      data-testid="preview-chart"
      data-thresholds={plot.thresholds.map((one) => one.label).join('|')}
      data-firing={plot.bands.length}
      data-groups={plot.groups.length}
      style={{ minHeight: height + 40 }}
    />
  );
}

function paintBands(u: uPlot, bands: ReturnType<typeof previewPlot>['bands']): void {
  const { ctx, bbox } = u;
  ctx.save();
  for (const band of bands) {
    const left = Math.max(bbox.left, u.valToPos(band.from, 'x', true));
    const right = Math.min(bbox.left + bbox.width, u.valToPos(band.to, 'x', true));
    ctx.fillStyle = FIRING_FILLS[band.severity];
    // At least 2 px, so a firing that lasted one evaluation still shows.
    ctx.fillRect(left, bbox.top, Math.max(2, right - left), bbox.height);
  }
  ctx.restore();
}
