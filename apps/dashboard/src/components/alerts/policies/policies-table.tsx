'use client';

import { type Channel, type Policy, policySchema } from '@vigil/contracts';
import { Fragment, useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { useAlerting } from '../../../hooks/use-alerting';
import { apiJson, apiSend } from '../../../lib/api-client';
import { policiesPath } from '../../../lib/alerts-api';
import { formatMatcher } from '../../../lib/label-matchers';
import { policyRequestFrom, reorderPolicies } from '../../../lib/policy-form';
import { formatSpan } from '../../../lib/time-format';
import { ErrorBanner } from '../../common/status';
import { StateBadge } from '../common/badges';
import { ConfirmButton } from '../../common/confirm-button';
import { PolicyEditor } from './policy-editor';

const COLUMNS = 6;

/** The policies in the order they are tried (the first that matches wins, unless it says continue), moved up and down in place. */
export function PoliciesTable({ policies, channels, onChanged }: { policies: readonly Policy[]; channels: readonly Channel[]; onChanged(): void }) {
  const { projectId, canConfigure } = useAlerting();
  const action = useAction();
  const [editing, setEditing] = useState<string | undefined>();
  const names = new Map(channels.map((channel) => [channel.id, channel.name]));
  const busy = action.pending !== undefined;

  const move = async (policy: Policy, direction: -1 | 1) => {
    const changes = reorderPolicies(policies, policy.id, direction);
    const done = await action.run(`move:${policy.id}`, async () => {
      // One PUT per policy whose position changes, in turn, so a failure leaves a readable order.
      for (const change of changes) await apiJson(policiesPath(projectId, change.policy.id), policySchema, { method: 'PUT', json: policyRequestFrom(change.policy, { position: change.position }) });
      return true;
    });
    if (done) onChanged();
  };
  const remove = async (policy: Policy) => {
    const done = await action.run(`delete:${policy.id}`, async () => {
      await apiSend(policiesPath(projectId, policy.id), { method: 'DELETE' });
      return true;
    });
    if (done) onChanged();
  };

  return (
    <>
      {action.error ? <ErrorBanner error={action.error} /> : null}
      <div className="card table-card">
        <table className="services policies-table" data-testid="policies-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Policy</th>
              <th scope="col">Matches</th>
              <th scope="col">Sends to</th>
              <th scope="col">Grouping</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {policies.map((policy, index) => (
              <Fragment key={policy.id}>
                <tr data-testid="policy-row" data-policy-id={policy.id}>
                  <td className="num">{index + 1}</td>
                  <th scope="row">
                    {policy.name}
                    <span className="block">
                      {policy.enabled ? null : <StateBadge state="disabled" />}
                      {policy.continue ? <span className="small muted"> continues</span> : null}
                    </span>
                  </th>
                  <td>
                    {policy.matchers.length === 0 ? <span className="muted">every alert</span> : <code className="small">{policy.matchers.map(formatMatcher).join(', ')}</code>}
                    {policy.severities.length > 0 ? <span className="small block">{policy.severities.join(', ')} only</span> : null}
                  </td>
                  <td data-testid="policy-channels-cell">{policy.channelIds.map((id) => names.get(id) ?? '(deleted channel)').join(', ')}</td>
                  <td className="small">
                    by {policy.groupBy.length > 0 ? policy.groupBy.join(', ') : 'nothing (one group)'}
                    <span className="block muted">
                      wait {policy.groupWaitSeconds === 0 ? 'none' : formatSpan(policy.groupWaitSeconds * 1000)} · every {formatSpan(policy.groupIntervalSeconds * 1000)} · repeat {formatSpan(policy.repeatIntervalSeconds * 1000)}
                      {policy.sendResolved ? ' · resolved too' : ''}
                    </span>
                  </td>
                  <td className="actions">
                    {canConfigure ? (
                      <span className="button-row">
                        <button type="button" aria-label={`Move ${policy.name} up`} data-testid="policy-up" disabled={busy || index === 0} onClick={() => void move(policy, -1)}>
                          ↑
                        </button>
                        <button type="button" aria-label={`Move ${policy.name} down`} data-testid="policy-down" disabled={busy || index === policies.length - 1} onClick={() => void move(policy, 1)}>
                          ↓
                        </button>
                        <button type="button" data-testid="edit-policy" disabled={busy} onClick={() => setEditing(editing === policy.id ? undefined : policy.id)}>
                          Edit
                        </button>
                        <ConfirmButton label="Delete" confirmLabel="Delete policy" message="Its alerts go to the next policy that matches." busy={busy} onConfirm={() => void remove(policy)} testId="delete-policy" />
                      </span>
                    ) : null}
                  </td>
                </tr>
                {editing === policy.id ? (
                  <tr className="inline-form-row">
                    <td colSpan={COLUMNS}>
                      <PolicyEditor
                        projectId={projectId}
                        channels={channels}
                        policy={policy}
                        onCancel={() => setEditing(undefined)}
                        onSaved={() => {
                          setEditing(undefined);
                          onChanged();
                        }}
                      />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
