'use client';

import { incidentListResponseSchema } from '@vigil/contracts';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { formatInstant } from '../../lib/alert-times';
import { apiJson } from '../../lib/api-client';
import { checkPath } from '../../lib/checks-api';
import { formatSpan } from '../../lib/time-format';
import { StateBadge } from '../alerts/common/badges';
import { ErrorBanner, Loading } from '../common/status';
import { TableCard } from '../common/table-card';

/** The incidents list reaches back as far as the bars do. */
const INCIDENT_DAYS = 90;
const REFRESH_MS = 5_000;

/** A check's incidents of the last 90 days, open first (the API answers newest first): cause, regions, duration. */
export function CheckIncidents({ checkId }: { checkId: string }) {
  const { projectId } = useChecks();
  const loaded = useApiResource(
    `check-incidents:${projectId}:${checkId}`,
    (signal) => {
      const now = Date.now();
      return apiJson(checkPath(projectId, checkId, 'incidents', { from: now - INCIDENT_DAYS * 86_400_000, to: now }), incidentListResponseSchema, { signal });
    },
    REFRESH_MS,
  );
  const incidents = loaded.data?.incidents;
  return (
    <section data-testid="check-incidents">
      <h2 className="section-title">Incidents</h2>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading ? <Loading what="incidents" /> : null}
      {incidents && incidents.length === 0 ? (
        <p className="card muted" data-testid="no-incidents">
          No incidents in the last {INCIDENT_DAYS} days.
        </p>
      ) : null}
      {incidents && incidents.length > 0 ? (
        <TableCard testId="incidents-table" columns={['', 'Severity', 'Started', 'Ended', 'Duration', 'Cause', 'Regions']}>
          {incidents.map((incident) => {
            const open = incident.endedAt === null;
            return (
              <tr key={incident.id} data-testid="incident-row" data-open={open ? 'true' : 'false'}>
                <td>
                  <StateBadge state={open ? 'open' : 'ended'} testId="incident-state" />
                </td>
                <td>
                  <StateBadge state={incident.severity} testId="incident-severity" />
                  {incident.parentIncidentId ? <span className="small muted state-detail">during its parent&apos;s outage</span> : null}
                </td>
                <td className="nowrap">{formatInstant(incident.startedAt, true)}</td>
                <td className="nowrap">{formatInstant(incident.endedAt, true, 'ongoing')}</td>
                <td className="num" data-testid="incident-duration">
                  {incident.durationMs === null ? `${formatSpan(Math.max(0, Date.now() - Date.parse(incident.startedAt)))} so far` : formatSpan(incident.durationMs)}
                </td>
                <td className="small" data-testid="incident-cause">
                  {incident.cause}
                </td>
                <td className="small">{incident.regions.join(', ')}</td>
              </tr>
            );
          })}
        </TableCard>
      ) : null}
    </section>
  );
}
