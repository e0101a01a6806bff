'use client';

import { checkUptimeResponseSchema, UPTIME_WINDOWS, type UptimeWindow } from '@vigil/contracts';
import { useApiResource } from '../../hooks/use-api-resource';
import { apiJson } from '../../lib/api-client';
import { checkUptimePath, formatSeconds } from '../../lib/uptime-report';
import { formatUptime } from '../../lib/uptime-format';
import { ErrorBanner } from '../common/status';
import './check-uptime-summary.css';

const WINDOWS = Object.keys(UPTIME_WINDOWS) as UptimeWindow[];
const REFRESH_MS = 60_000;

/**
 * A check's uptime over the last 24 h, 7 d, 30 d and 90 d (default counting rules), as four cards:
 * for the check's detail page. Four small requests, each its own range, refreshed every minute.
 */
export function CheckUptimeSummary({ projectId, checkId }: { projectId: string; checkId: string }) {
  const uptime = useApiResource(
    `uptime:${projectId}:${checkId}`,
    (signal) => Promise.all(WINDOWS.map((window) => apiJson(checkUptimePath(projectId, checkId, window), checkUptimeResponseSchema, { signal }))),
    REFRESH_MS,
  );
  return (
    <section className="uptime-cards" data-testid="check-uptime-summary" aria-label="Uptime">
      {uptime.error ? <ErrorBanner error={uptime.error} onRetry={uptime.reload} /> : null}
      {WINDOWS.map((window, index) => {
        const figures = uptime.data?.[index];
        return (
          <div className="card figure" key={window} data-testid="uptime-card" data-window={window}>
            <span className="muted small">Uptime {window}</span>
            <strong data-testid="uptime-card-percent">{figures ? formatUptime(figures.uptimePercent, { decimals: 3 }) : '…'}</strong>
            <span className="small muted">{figures ? `${formatSeconds(figures.downtimeSeconds)} down · ${figures.incidents} incident${figures.incidents === 1 ? '' : 's'}` : ' '}</span>
          </div>
        );
      })}
    </section>
  );
}
