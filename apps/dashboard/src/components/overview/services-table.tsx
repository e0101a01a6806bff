'use client';

import type { ServiceSummary } from '@vigil/contracts';
import Link from 'next/link';
import { serviceHref } from '../../lib/services-query';
import type { SummaryLabels } from '../../lib/summary-labels';
import type { ResolvedRange } from '../../lib/time-range';
import { ERROR_RATE_UNIT, formatValue, LATENCY_UNIT, THROUGHPUT_UNIT } from '../../lib/unit-format';
import { Sparkline } from '../common/sparkline';

export interface ServicesTableProps {
  services: readonly ServiceSummary[];
  range: ResolvedRange;
  /** What each column group summarises: the range, or for throughput the recent window. */
  labels: SummaryLabels;
  linkSearch: URLSearchParams;
}

/**
 * Golden signals per service. Two header rows: the groups say over what time each figure is
 * (throughput is a rate over a recent window, the rest cover the range), the second row names
 * the figures; every sparkline covers the range.
 */
export function ServicesTable({ services, range, labels, linkSearch }: ServicesTableProps) {
  return (
    <div className="card table-card">
      <table className="services" data-testid="services-table">
        <thead>
          <tr className="column-groups">
            <th scope="col" rowSpan={2}>
              Service
            </th>
            <th scope="colgroup" colSpan={4} data-testid="latency-header">
              Latency · {labels.range}
            </th>
            <th scope="colgroup" colSpan={2} data-testid="throughput-header">
              Throughput · {labels.throughput}
            </th>
            <th scope="colgroup" colSpan={2} data-testid="error-rate-header">
              Error rate · {labels.range}
            </th>
          </tr>
          <tr>
            <th scope="col" className="num">
              p50
            </th>
            <th scope="col" className="num">
              p95
            </th>
            <th scope="col" className="num">
              p99
            </th>
            <th scope="col">p95 trend</th>
            <th scope="col" className="num">
              rate
            </th>
            <th scope="col" data-testid="throughput-trend-header">
              trend · {labels.range}
            </th>
            <th scope="col" className="num">
              5xx
            </th>
            <th scope="col">trend</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <ServiceRow key={service.service} service={service} range={range} href={serviceHref(service.service, linkSearch)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ServiceRow({ service, range, href }: { service: ServiceSummary; range: ResolvedRange; href: string }) {
  const spark = service.sparklines;
  const hasSignals = service.source !== null && service.throughput !== null;
  return (
    <tr data-testid="service-row" data-service={service.service}>
      <th scope="row">
        <Link href={href} data-testid="service-link">
          {service.service || <span className="muted">(no name)</span>}
        </Link>
        <div className="muted small">{hasSignals ? service.source : 'logs only, no HTTP metrics'}</div>
      </th>
      <td className="num" data-testid="latency-p50">
        {formatValue(service.latency?.p50, LATENCY_UNIT)}
      </td>
      <td className="num" data-testid="latency-p95">
        {formatValue(service.latency?.p95, LATENCY_UNIT)}
      </td>
      <td className="num" data-testid="latency-p99">
        {formatValue(service.latency?.p99, LATENCY_UNIT)}
      </td>
      <td>
        <Sparkline points={spark.latencyP95} from={range.from} to={range.to} label={`${service.service} p95 latency`} />
      </td>
      <td className="num" data-testid="throughput">
        {formatValue(service.throughput, THROUGHPUT_UNIT)}
      </td>
      <td>
        <Sparkline points={spark.throughput} from={range.from} to={range.to} color="#16a34a" label={`${service.service} throughput`} />
      </td>
      <td className="num" data-testid="error-rate">
        {formatValue(service.errorRate, ERROR_RATE_UNIT)}
      </td>
      <td>
        <Sparkline points={spark.errorRate} from={range.from} to={range.to} color="#dc2626" label={`${service.service} error rate`} />
      </td>
    </tr>
  );
}
