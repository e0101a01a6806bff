'use client';

import { type MaintenanceWindow, maintenanceWindowListResponseSchema } from '@vigil/contracts';
import { Fragment, useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { apiJson, apiSend } from '../../../lib/api-client';
import { formatInstant, formatRelative } from '../../../lib/alert-times';
import { maintenanceWindowsPath } from '../../../lib/alerts-api';
import { formatMatcher } from '../../../lib/label-matchers';
import { formatSpan } from '../../../lib/time-format';
import { ErrorBanner, Loading } from '../../common/status';
import { TableCard } from '../../common/table-card';
import { StateBadge } from '../common/badges';
import { ConfirmButton } from '../../common/confirm-button';
import { MaintenanceEditor } from './maintenance-editor';

const REFRESH_MS = 60_000;

/** Alerts → Maintenance windows: recurring times when matching alerts notify no one, whether each is on now and when it next starts. */
export function MaintenancePage() {
  const { projectId, canConfigure } = useAlerting();
  const windows = useApiResource(`maintenance:${projectId}`, (signal) => apiJson(maintenanceWindowsPath(projectId), maintenanceWindowListResponseSchema, { signal }), REFRESH_MS);
  const [editing, setEditing] = useState<string | undefined>();
  const action = useAction();
  const now = Date.now();

  const remove = async (window: MaintenanceWindow) => {
    const done = await action.run(`delete:${window.id}`, async () => {
      await apiSend(maintenanceWindowsPath(projectId, window.id), { method: 'DELETE' });
      return true;
    });
    if (done) windows.reload();
  };
  const saved = () => {
    setEditing(undefined);
    windows.reload();
  };

  return (
    <>
      <div className="page-title">
        <h1>Maintenance windows</h1>
        {canConfigure && editing !== 'new' ? (
          <button type="button" className="primary" data-testid="new-maintenance" onClick={() => setEditing('new')}>
            New window
          </button>
        ) : null}
      </div>
      {editing === 'new' ? <MaintenanceEditor projectId={projectId} onCancel={() => setEditing(undefined)} onSaved={saved} /> : null}
      {windows.error ? <ErrorBanner error={windows.error} onRetry={windows.reload} /> : null}
      {action.error ? <ErrorBanner error={action.error} /> : null}
      {windows.loading ? <Loading what="maintenance windows" testId="maintenance-loading" /> : null}
      {windows.data?.windows.length === 0 && editing !== 'new' ? (
        <section className="card empty" data-testid="maintenance-empty">
          <h2>No maintenance windows</h2>
          <p className="muted">A window mutes matching alerts on a schedule — a weekly upgrade, a nightly backup — so planned work pages no one. Alerts still fire and are recorded.</p>
        </section>
      ) : null}
      {windows.data && windows.data.windows.length > 0 ? (
        <TableCard className="maintenance-table" testId="maintenance-table" columns={['Window', 'Schedule', 'Mutes', 'Now']} actions>
          {windows.data.windows.map((window) => (
            <Fragment key={window.id}>
              <tr data-testid="maintenance-row" data-window-id={window.id} data-active={window.activeNow}>
                <th scope="row">{window.name}</th>
                <td>
                  <code>{window.cron}</code> <span className="small muted">({window.timezone})</span>
                  <span className="small block">for {formatSpan(window.durationMinutes * 60_000)}</span>
                </td>
                <td>{window.matchers.length === 0 ? <span className="muted">every alert</span> : <code className="small">{window.matchers.map(formatMatcher).join(', ')}</code>}</td>
                <td data-testid="maintenance-now">
                  <StateBadge state={!window.enabled ? 'disabled' : window.activeNow ? 'active' : 'scheduled'} />
                  {window.nextStart ? (
                    <span className="small muted block" title={formatInstant(window.nextStart, true)}>
                      next {formatInstant(window.nextStart)} ({formatRelative(window.nextStart, now)})
                    </span>
                  ) : null}
                </td>
                <td className="actions">
                  {canConfigure ? (
                    <span className="button-row">
                      <button type="button" data-testid="edit-maintenance" onClick={() => setEditing(editing === window.id ? undefined : window.id)}>
                        Edit
                      </button>
                      <ConfirmButton label="Delete" confirmLabel="Delete window" message="Its alerts notify again." busy={action.pending !== undefined} onConfirm={() => void remove(window)} testId="delete-maintenance" />
                    </span>
                  ) : null}
                </td>
              </tr>
              {editing === window.id ? (
                <tr className="inline-form-row">
                  <td colSpan={5}>
                    <MaintenanceEditor projectId={projectId} window={window} onCancel={() => setEditing(undefined)} onSaved={saved} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </TableCard>
      ) : null}
    </>
  );
}
