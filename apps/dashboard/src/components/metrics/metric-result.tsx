'use client';

import type { MetricQueryResponse } from '@vigil/contracts';
import { useMemo } from 'react';
import { chartPoints, countPoints, seriesLabel } from '../../lib/chart-data';
import { formatSpan } from '../../lib/time-format';
import type { ResolvedRange } from '../../lib/time-range';
import { type ChartSeries, TimeSeriesChart } from '../common/time-series-chart';

export function MetricResult({ result, range, onZoom }: { result: MetricQueryResponse; range: ResolvedRange; onZoom(from: number, to: number): void }) {
  const series = useMemo<ChartSeries[]>(() => result.series.map((one) => ({ label: seriesLabel(result.name, one.labels), points: chartPoints(one.points) })), [result]);
  const points = useMemo(() => countPoints(result.series), [result]);
  if (result.series.length === 0) {
    return (
      <section className="card empty" data-testid="no-series">
        <p>
          No samples of <code>{result.name}</code> match in this range. Widen the range or loosen the matchers.
        </p>
      </section>
    );
  }
  return (
    <section className="card chart-card">
      <div className="chart-meta">
        <h2>{result.name}</h2>
        <span className="muted" data-testid="series-count" data-series={result.series.length} data-points={points}>
          {result.series.length} series · {points} {points === 1 ? 'point' : 'points'}
        </span>
        {result.unit ? (
          <span className="muted" data-testid="metric-unit" title="The unit of the values (UCUM), from the metric's metadata or its name's suffix">
            unit <code>{result.unit}</code>
          </span>
        ) : null}
        <span className="muted small">
          {result.step ? `${formatSpan(result.step)} steps` : 'raw samples'}
          {result.resolution === '1h' ? ' · from the 1-hour rollup' : ''} · drag across the chart to zoom
        </span>
      </div>
      <TimeSeriesChart series={series} from={range.from} to={range.to} unit={result.unit} stepMs={result.step ?? undefined} height={320} onZoom={onZoom} testId="metric-chart" />
    </section>
  );
}
