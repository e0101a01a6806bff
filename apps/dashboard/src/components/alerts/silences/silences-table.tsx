'use client';

import { type Silence, silenceSchema } from '@vigil/contracts';
import { useAction } from '../../../hooks/use-action';
import { useAlerting } from '../../../hooks/use-alerting';
import { apiJson, apiSend } from '../../../lib/api-client';
import { formatInstant, formatRelative } from '../../../lib/alert-times';
import { silencesPath } from '../../../lib/alerts-api';
import { formatMatcher } from '../../../lib/label-matchers';
import { ErrorBanner } from '../../common/status';
import { StateBadge } from '../common/badges';
import { ConfirmButton } from '../../common/confirm-button';

/** Silences with what they match, when, who made them and why; active and pending ones can be ended now. */
export function SilencesTable({ silences, onChanged }: { silences: readonly Silence[]; onChanged(): void }) {
  const { projectId, canConfigure } = useAlerting();
  const action = useAction();
  const now = Date.now();
  const busy = action.pending !== undefined;

  const end = async (silence: Silence) => {
    const done = await action.run(`end:${silence.id}`, () => apiJson(silencesPath(projectId, silence.id), silenceSchema, { method: 'PATCH', json: { endsAt: new Date().toISOString() } }));
    if (done) onChanged();
  };
  const remove = async (silence: Silence) => {
    const done = await action.run(`delete:${silence.id}`, async () => {
      await apiSend(silencesPath(projectId, silence.id), { method: 'DELETE' });
      return true;
    });
    if (done) onChanged();
  };

  return (
    <>
      {action.error ? <ErrorBanner error={action.error} /> : null}
      <div className="card table-card">
        <table className="services silences-table" data-testid="silences-table">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Matches</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">Why, by whom</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {silences.map((silence) => (
              <tr key={silence.id} data-testid="silence-row" data-silence-id={silence.id} data-state={silence.state}>
                <td>
                  <StateBadge state={silence.state} />
                </td>
                <td>
                  <code className="small" data-testid="silence-matchers-cell">
                    {silence.matchers.map(formatMatcher).join(', ')}
                  </code>
                </td>
                <td className="nowrap">{formatInstant(silence.startsAt)}</td>
                <td className="nowrap" title={formatInstant(silence.endsAt, true)}>
                  {formatInstant(silence.endsAt)}
                  {silence.state === 'expired' ? null : <span className="small muted block">{formatRelative(silence.endsAt, now)}</span>}
                </td>
                <td>
                  <span data-testid="silence-comment-cell">{silence.comment}</span>
                  <span className="small muted block" data-testid="silence-author">
                    {silence.createdBy}
                  </span>
                </td>
                <td className="actions">
                  {canConfigure ? (
                    <span className="button-row">
                      {silence.state === 'expired' ? null : (
                        <ConfirmButton label="End now" confirmLabel="End silence" message="Matching alerts notify again." busy={busy} onConfirm={() => void end(silence)} testId="end-silence" danger={false} />
                      )}
                      <ConfirmButton label="Delete" confirmLabel="Delete silence" message="It disappears from this list." busy={busy} onConfirm={() => void remove(silence)} testId="delete-silence" />
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
