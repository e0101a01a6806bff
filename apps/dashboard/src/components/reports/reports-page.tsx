'use client';

import { projectUptimeReportSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { useUrlSync } from '../../hooks/use-url-sync';
import { apiJson } from '../../lib/api-client';
import { formatLatency, formatSeconds, monthTitle, projectReportPath, type ReportSelection, reportsHref, selectionParams } from '../../lib/uptime-report';
import { formatUptime } from '../../lib/uptime-format';
import { TableCard } from '../common/table-card';
import { ReportSettings } from './report-controls';

const COLUMNS = ['Check', 'Uptime', 'Downtime', 'Incidents', 'MTTR', 'MTBF', 'p50', 'p95'];

/** The project's monthly uptime report: every check's figures for a month in a zone, a CSV download and a printable page. */
export function ReportsPage({ initial }: { initial: ReportSelection }) {
  const { user, projectId } = useSession();
  const [selection, setSelection] = useState(initial);
  const project = user.projects.find((one) => one.id === projectId);
  useUrlSync(selectionParams(selection, projectId));
  const path = projectReportPath(projectId, selection);
  const report = useApiResource(path, (signal) => apiJson(path, projectUptimeReportSchema, { signal }));
  const data = report.data;
  return (
    <>
      <div className="page-title">
        <h1>
          Uptime report · {monthTitle(selection.month)}
          <span className="muted report-subtitle">
            {project ? `${project.name} · ` : ''}
            {selection.timezone}
          </span>
        </h1>
        <span className="button-row no-print">
          <a className="button" href={projectReportPath(projectId, selection, 'csv')} download data-testid="report-csv">
            Download CSV
          </a>
          <button type="button" onClick={() => window.print()} data-testid="report-print">
            Print
          </button>
        </span>
      </div>
      <ReportSettings selection={selection} onChange={setSelection} report={report} />
      {data && data.checks.length === 0 ? (
        <section className="card empty" data-testid="report-empty">
          <p>This project has no checks yet. Uptime reports count each check&apos;s incidents; add a check to start measuring.</p>
        </section>
      ) : null}
      {data && data.checks.length > 0 ? (
        <>
          <section className="card report-summary" data-testid="report-summary">
            <div className="figure">
              <span className="muted small">Checks</span>
              <strong>{data.summary.checks}</strong>
            </div>
            <div className="figure">
              <span className="muted small">Mean uptime</span>
              <strong data-testid="summary-uptime">{formatUptime(data.summary.uptimePercent)}</strong>
            </div>
            <div className="figure">
              <span className="muted small">Downtime (all checks)</span>
              <strong data-testid="summary-downtime">{formatSeconds(data.summary.downtimeSeconds)}</strong>
            </div>
            <div className="figure">
              <span className="muted small">Incidents</span>
              <strong data-testid="summary-incidents">{data.summary.incidents}</strong>
            </div>
          </section>
          <TableCard testId="report-table" className="report-table" columns={COLUMNS}>
            {data.checks.map((check) => (
              <tr key={check.checkId} data-testid="report-row" data-check-id={check.checkId}>
                <th scope="row">
                  <Link href={reportsHref(`checks/${check.checkId}`, projectId, selection)} data-testid="report-check-link">
                    {check.checkName}
                  </Link>
                  <span className="muted small"> {check.kind}</span>
                </th>
                <td className="num" data-testid="row-uptime">
                  {formatUptime(check.uptimePercent)}
                </td>
                <td className="num" data-testid="row-downtime" data-seconds={check.downtimeSeconds}>
                  {formatSeconds(check.downtimeSeconds)}
                </td>
                <td className="num" data-testid="row-incidents">
                  {check.incidents}
                </td>
                <td className="num">{formatSeconds(check.mttrSeconds)}</td>
                <td className="num">{formatSeconds(check.mtbfSeconds)}</td>
                <td className="num">{formatLatency(check.latencyP50Ms)}</td>
                <td className="num">{formatLatency(check.latencyP95Ms)}</td>
              </tr>
            ))}
          </TableCard>
        </>
      ) : null}
    </>
  );
}
