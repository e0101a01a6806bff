'use client';

import { type ServiceSignalsResponse, serviceSignalsResponseSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { useUrlSync } from '../../hooks/use-url-sync';
import { apiJson } from '../../lib/api-client';
import { serviceSignalsPath } from '../../lib/services-query';
import { rangeKey, resolveRange, type TimeRange, writeRange, zoomRange } from '../../lib/time-range';
import { ERROR_RATE_UNIT, LATENCY_UNIT, THROUGHPUT_UNIT } from '../../lib/unit-format';
import { RangePicker } from '../common/range-picker';
import { ErrorBanner, Loading } from '../common/status';
import { type ChartSeries, TimeSeriesChart } from '../common/time-series-chart';

const REFRESH_MS = 30_000;

/** One service's golden signals as full charts; drag across a chart to zoom into a span. */
export function ServiceDetail({ service, initialRange }: { service: string; initialRange: TimeRange }) {
  const { projectId } = useSession();
  const [range, setRange] = useState(initialRange);
  const search = new URLSearchParams({ project: projectId });
  writeRange(search, range);
  useUrlSync(search);

  const signals = useApiResource(
    `signals:${projectId}:${service}:${rangeKey(range)}`,
    (signal) => apiJson(serviceSignalsPath(projectId, service, resolveRange(range, Date.now())), serviceSignalsResponseSchema, { signal }),
    range.kind === 'preset' ? REFRESH_MS : undefined,
  );
  const logsSearch = new URLSearchParams({ project: projectId, service });
  writeRange(logsSearch, range);

  return (
    <main className="page">
      <p className="breadcrumb">
        <Link href={`/?${search.toString()}`}>Services</Link> / <strong data-testid="service-name">{service}</strong>
      </p>
      <div className="page-title">
        <h1>{service}</h1>
        <RangePicker range={range} onChange={setRange} />
        <Link href={`/logs?${logsSearch.toString()}`} data-testid="service-logs-link">
          View logs →
        </Link>
      </div>
      {signals.error ? <ErrorBanner error={signals.error} onRetry={signals.reload} /> : null}
      {signals.loading ? <Loading what={`${service}'s signals`} /> : null}
      {signals.data ? <SignalCharts signals={signals.data} onZoom={(from, to) => setRange(zoomRange(from, to))} /> : null}
    </main>
  );
}

function SignalCharts({ signals, onZoom }: { signals: ServiceSignalsResponse; onZoom(from: number, to: number): void }) {
  const range = signals;
  const latency = useMemo<ChartSeries[]>(
    () => [
      { label: 'p50', points: signals.latency.p50 },
      { label: 'p95', points: signals.latency.p95 },
      { label: 'p99', points: signals.latency.p99 },
    ],
    [signals],
  );
  const throughput = useMemo<ChartSeries[]>(() => [{ label: 'requests', points: signals.throughput }], [signals]);
  const errorRate = useMemo<ChartSeries[]>(() => [{ label: '5xx', points: signals.errorRate }], [signals]);
  if (signals.throughput.length === 0 && signals.latency.p95.length === 0) {
    return (
      <section className="card empty" data-testid="no-signals">
        <p>
          No HTTP server metrics for <code>{signals.service}</code> in this range{signals.source ? '' : ' — it is known from its logs only'}.
        </p>
      </section>
    );
  }
  return (
    <div className="signal-grid">
      <section className="card chart-card wide">
        <h2>Latency</h2>
        <p className="muted small">{signals.source ? `from ${signals.source}` : null}</p>
        <TimeSeriesChart series={latency} from={range.from} to={range.to} unit={LATENCY_UNIT} stepMs={signals.step} onZoom={onZoom} testId="latency-chart" />
      </section>
      <section className="card chart-card">
        <h2>Throughput</h2>
        <TimeSeriesChart series={throughput} from={range.from} to={range.to} unit={THROUGHPUT_UNIT} stepMs={signals.step} height={200} onZoom={onZoom} testId="throughput-chart" />
      </section>
      <section className="card chart-card">
        <h2>Error rate</h2>
        <TimeSeriesChart series={errorRate} from={range.from} to={range.to} unit={ERROR_RATE_UNIT} stepMs={signals.step} height={200} onZoom={onZoom} testId="error-rate-chart" />
      </section>
    </div>
  );
}
