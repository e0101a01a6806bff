'use client';

import { checkUptimeReportSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { useUrlSync } from '../../hooks/use-url-sync';
import { apiJson } from '../../lib/api-client';
import { checkReportPath, formatInZone, formatLatency, formatSeconds, monthTitle, type ReportSelection, reportsHref, selectionParams } from '../../lib/uptime-report';
import { formatUptime } from '../../lib/uptime-format';
import { TableCard } from '../common/table-card';
import { CheckUptimeSummary } from './check-uptime-summary';
import { ReportSettings } from './report-controls';

/** Durations of incidents, on the report's wall clock; an open one lasts until now. */
function incidentLength(startedAt: string, endedAt: string | null, now: number): string {
  return formatSeconds(((endedAt === null ? now : Date.parse(endedAt)) - Date.parse(startedAt)) / 1000);
}

/** One check's month: its figures and every incident that overlaps the month. */
export function CheckReportPage({ checkId, initial }: { checkId: string; initial: ReportSelection }) {
  const { projectId } = useSession();
  const [selection, setSelection] = useState(initial);
  useUrlSync(selectionParams(selection, projectId));
  const path = checkReportPath(projectId, checkId, selection);
  const report = useApiResource(path, (signal) => apiJson(path, checkUptimeReportSchema, { signal }));
  const data = report.data;
  const check = data?.check;
  return (
    <>
      <p className="breadcrumb no-print">
        <Link href={reportsHref('', projectId, selection)} data-testid="report-back">
          Uptime report
        </Link>{' '}
        · {check?.checkName ?? 'check'}
      </p>
      <div className="page-title">
        <h1>
          {check?.checkName ?? 'Check'} · {monthTitle(selection.month)}
          <span className="muted report-subtitle">{selection.timezone}</span>
        </h1>
        <span className="button-row no-print">
          <a className="button" href={checkReportPath(projectId, checkId, selection, 'csv')} download data-testid="check-report-csv">
            Download CSV
          </a>
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
        </span>
      </div>
      <CheckUptimeSummary projectId={projectId} checkId={checkId} />
      <ReportSettings selection={selection} onChange={setSelection} report={report} />
      {check ? (
        <section className="card report-summary" data-testid="check-report-figures">
          <Figure label="Uptime" value={formatUptime(check.uptimePercent)} testId="check-uptime" />
          <Figure label="Downtime" value={formatSeconds(check.downtimeSeconds)} testId="check-downtime" />
          <Figure label="Incidents" value={String(check.incidents)} testId="check-incidents" />
          <Figure label="MTTR" value={formatSeconds(check.mttrSeconds)} />
          <Figure label="MTBF" value={formatSeconds(check.mtbfSeconds)} />
          <Figure label="Response p50 / p95" value={`${formatLatency(check.latencyP50Ms)} / ${formatLatency(check.latencyP95Ms)}`} />
          <Figure label="Maintenance" value={formatSeconds(check.maintenanceSeconds)} />
          <Figure label="Degraded" value={formatSeconds(check.degradedSeconds)} />
          <Figure label="Measured" value={formatSeconds(check.periodSeconds)} />
        </section>
      ) : null}
      {data ? (
        data.incidents.length === 0 ? (
          <section className="card empty" data-testid="check-report-no-incidents">
            <p>No incidents this month.</p>
          </section>
        ) : (
          <TableCard testId="check-report-incidents" columns={['Started', 'Ended', 'Length', 'Severity', 'Cause', 'Regions']}>
            {data.incidents.map((incident) => (
              <tr key={incident.id} data-testid="incident-row">
                <td className="nowrap">{formatInZone(incident.startedAt, selection.timezone)}</td>
                <td className="nowrap">{formatInZone(incident.endedAt, selection.timezone)}</td>
                <td className="num" data-testid="incident-length">
                  {incidentLength(incident.startedAt, incident.endedAt, Date.parse(data.generatedAt))}
                </td>
                <td>{incident.severity}</td>
                <td className="report-cause">{incident.cause}</td>
                <td>{incident.regions.join(', ')}</td>
              </tr>
            ))}
          </TableCard>
        )
      ) : null}
    </>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="figure">
      <span className="muted small">{label}</span>
      <strong data-testid={testId}>{value}</strong>
    </div>
  );
}
