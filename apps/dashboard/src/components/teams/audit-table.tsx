'use client';

import type { AuditRecord } from '@vigil/contracts';
import { Fragment, useState } from 'react';
import { changedPaths, describeAction, targetLabel } from '../../lib/audit-records';
import { formatTime } from '../../lib/time-format';
import { TableCard } from '../common/table-card';

function json(value: unknown): string {
  return value === null || value === undefined ? '(none)' : JSON.stringify(value, null, 2);
}

/** One row per write; a row opens to the values before and after, with what changed named. */
export function AuditTable({ records, projectNames, showProject }: { records: readonly AuditRecord[]; projectNames: ReadonlyMap<string, string>; showProject: boolean }) {
  const [open, setOpen] = useState<string | undefined>();
  return (
    <TableCard className="audit-table" testId="audit-table" columns={['When', 'Who', 'From', 'What', 'Target', ...(showProject ? ['Project'] : [])]}>
      {records.map((record) => {
        const changed = changedPaths(record.before, record.after);
        return (
          <Fragment key={record.id}>
            <tr data-testid="audit-row" data-action={record.action} data-record-id={record.id}>
              <td className="nowrap">
                <button type="button" className="link-button" aria-expanded={open === record.id} data-testid="audit-toggle" onClick={() => setOpen(open === record.id ? undefined : record.id)}>
                  <time dateTime={record.at}>{formatTime(Date.parse(record.at), { date: true, seconds: true })}</time>
                </button>
              </td>
              <td data-testid="audit-actor">
                {record.actor.label} {record.actor.type === 'api-key' ? <span className="badge">key</span> : null}
              </td>
              <td className="mono" data-testid="audit-address">
                {record.address}
              </td>
              <td data-testid="audit-action">{describeAction(record.action)}</td>
              <td data-testid="audit-target">{targetLabel(record)}</td>
              {showProject ? <td>{record.projectId === null ? '—' : (projectNames.get(record.projectId) ?? 'deleted project')}</td> : null}
            </tr>
            {open === record.id ? (
              <tr className="audit-details" data-testid="audit-details">
                <td colSpan={showProject ? 6 : 5}>
                  <p className="small muted">
                    {record.method} <code>{record.route}</code> → {record.status} · request {record.requestId}
                    {record.userAgent ? ` · ${record.userAgent}` : ''}
                  </p>
                  {changed.length > 0 ? (
                    <p className="small" data-testid="audit-changed">
                      Changed: {changed.join(', ')}
                    </p>
                  ) : null}
                  <div className="audit-values">
                    <div>
                      <h3 className="small muted">Before</h3>
                      <pre data-testid="audit-before">{json(record.before)}</pre>
                    </div>
                    <div>
                      <h3 className="small muted">After</h3>
                      <pre data-testid="audit-after">{json(record.after)}</pre>
                    </div>
                  </div>
                </td>
              </tr>
            ) : null}
          </Fragment>
        );
      })}
    </TableCard>
  );
}
