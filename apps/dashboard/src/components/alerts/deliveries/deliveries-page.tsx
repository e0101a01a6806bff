'use client';

import { channelListResponseSchema, deliveryListResponseSchema, DELIVERY_STATUSES, type DeliveryStatus } from '@vigil/contracts';
import { useState } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { apiJson } from '../../../lib/api-client';
import { channelsPath, deliveriesPath } from '../../../lib/alerts-api';
import { ErrorBanner, Loading } from '../../common/status';
import { DeliveryRow } from './delivery-row';

const REFRESH_MS = 10_000;
const LIMIT = 200;

/** Alerts → Deliveries: every notification sent (or being retried) to every channel, newest first, with its attempts; failed and dead ones sent again on demand. */
export function DeliveriesPage() {
  const { projectId } = useAlerting();
  const [status, setStatus] = useState<DeliveryStatus | undefined>();
  const [channelId, setChannelId] = useState<string | undefined>();
  const channels = useApiResource(`channels:${projectId}`, (signal) => apiJson(channelsPath(projectId), channelListResponseSchema, { signal }));
  const deliveries = useApiResource(
    `deliveries:${projectId}:${status ?? ''}:${channelId ?? ''}`,
    (signal) => apiJson(deliveriesPath(projectId, { status, channelId, limit: LIMIT }), deliveryListResponseSchema, { signal }),
    REFRESH_MS,
  );

  return (
    <>
      <div className="page-title">
        <h1>Deliveries</h1>
        <div className="range" role="group" aria-label="Status" data-testid="delivery-status-filter">
          {[undefined, ...DELIVERY_STATUSES].map((one) => (
            <button key={one ?? 'all'} type="button" className={status === one ? 'selected' : undefined} aria-pressed={status === one} onClick={() => setStatus(one)}>
              {one ?? 'all'}
            </button>
          ))}
        </div>
        <label className="inline-label">
          Channel
          <select data-testid="delivery-channel-filter" value={channelId ?? ''} onChange={(event) => setChannelId(event.target.value || undefined)}>
            <option value="">every channel</option>
            {(channels.data?.channels ?? []).map((channel) => (
              <option key={channel.id} value={channel.id}>
                {channel.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {deliveries.error ? <ErrorBanner error={deliveries.error} onRetry={deliveries.reload} /> : null}
      {deliveries.loading ? <Loading what="deliveries" testId="deliveries-loading" /> : null}
      {deliveries.data?.deliveries.length === 0 ? (
        <section className="card empty" data-testid="deliveries-empty">
          <h2>{status || channelId ? 'No delivery matches these filters' : 'Nothing delivered yet'}</h2>
          <p className="muted">Every notification a policy sends to a channel is listed here with its attempts. Send a test from a channel to see one.</p>
        </section>
      ) : null}
      {deliveries.data && deliveries.data.deliveries.length > 0 ? (
        <div className="card table-card">
          <table className="services deliveries-table" data-testid="deliveries-table">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Channel</th>
                <th scope="col">Notification</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.deliveries.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} onChanged={deliveries.reload} />
              ))}
            </tbody>
          </table>
          {deliveries.data.deliveries.length >= LIMIT ? <p className="small muted table-note">The newest {LIMIT}; filter by status or channel to see others.</p> : null}
        </div>
      ) : null}
    </>
  );
}
