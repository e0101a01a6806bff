'use client';

import { servicesResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { useUrlSync } from '../../hooks/use-url-sync';
import { apiJson } from '../../lib/api-client';
import { servicesPath } from '../../lib/services-query';
import { summaryLabels } from '../../lib/summary-labels';
import { describeRange, rangeKey, resolveRange, type TimeRange, writeRange } from '../../lib/time-range';
import { RangePicker } from '../common/range-picker';
import { ErrorBanner, Loading } from '../common/status';
import { NoServicesYet } from './no-services';
import { ServicesTable } from './services-table';

const REFRESH_MS = 30_000;

/** The home page: every service's golden signals over a range, each with sparklines. */
export function ServicesOverview({ initialRange }: { initialRange: TimeRange }) {
  const { projectId } = useSession();
  const [range, setRange] = useState(initialRange);
  const search = new URLSearchParams({ project: projectId });
  writeRange(search, range);
  useUrlSync(search);

  const services = useApiResource(
    `services:${projectId}:${rangeKey(range)}`,
    (signal) => apiJson(servicesPath(projectId, resolveRange(range, Date.now())), servicesResponseSchema, { signal }),
    range.kind === 'preset' ? REFRESH_MS : undefined,
  );

  return (
    <main className="page">
      <div className="page-title">
        <h1>Services</h1>
        <RangePicker range={range} onChange={setRange} />
      </div>
      {services.error ? <ErrorBanner error={services.error} onRetry={services.reload} /> : null}
      {services.loading ? <Loading what="services" /> : null}
      {services.data && services.data.services.length === 0 ? <NoServicesYet rangeLabel={describeRange(range)} /> : null}
      {services.data && services.data.services.length > 0 ? (
        <ServicesTable services={services.data.services} range={services.data} labels={summaryLabels(range, services.data.throughputWindow)} linkSearch={search} />
      ) : null}
    </main>
  );
}
