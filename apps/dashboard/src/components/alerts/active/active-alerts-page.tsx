'use client';

import { alertInstanceListResponseSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { apiJson } from '../../../lib/api-client';
import { type AlertListState, alertsPath } from '../../../lib/alerts-api';
import { ErrorBanner, Loading } from '../../common/status';
import { AlertsTable } from './alerts-table';

const REFRESH_MS = 5_000;
const STATES: { value: AlertListState; label: string }[] = [
  { value: 'active', label: 'firing and pending' },
  { value: 'firing', label: 'firing' },
  { value: 'pending', label: 'pending' },
];

/** Alerts → Active alerts: what fires or is pending right now, refreshed every few seconds, each silenced in one click. */
export function ActiveAlertsPage() {
  const { projectId, href } = useAlerting();
  const [state, setState] = useState<AlertListState>('active');
  const alerts = useApiResource(`alerts:${projectId}:${state}`, (signal) => apiJson(alertsPath(projectId, { state }), alertInstanceListResponseSchema, { signal }), REFRESH_MS);
  return (
    <>
      <div className="page-title">
        <h1>Active alerts</h1>
        <div className="range" role="group" aria-label="Show" data-testid="active-state-filter">
          {STATES.map((one) => (
            <button key={one.value} type="button" className={state === one.value ? 'selected' : undefined} aria-pressed={state === one.value} onClick={() => setState(one.value)}>
              {one.label}
            </button>
          ))}
        </div>
      </div>
      {alerts.error ? <ErrorBanner error={alerts.error} onRetry={alerts.reload} /> : null}
      {alerts.loading ? <Loading what="alerts" testId="alerts-loading" /> : null}
      {alerts.data?.alerts.length === 0 ? (
        <section className="card empty" data-testid="alerts-empty">
          <h2>Nothing {state === 'active' ? 'is firing or pending' : `is ${state}`} right now</h2>
          <p className="muted">
            Alerts appear here while their rule&apos;s condition holds. <Link href={href('history')}>The history</Link> shows what fired before; <Link href={href('rules')}>the rules</Link> what is watched.
          </p>
        </section>
      ) : null}
      {alerts.data && alerts.data.alerts.length > 0 ? <AlertsTable alerts={alerts.data.alerts} onSilenced={alerts.reload} /> : null}
    </>
  );
}
