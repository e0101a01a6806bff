'use client';

import { type Channel, channelSchema, type ChannelTestResponse, channelTestResponseSchema, type ChannelWithSecretResponse, channelWithSecretResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { useAlerting } from '../../../hooks/use-alerting';
import { apiJson, apiSend } from '../../../lib/api-client';
import { formatInstant } from '../../../lib/alert-times';
import { channelsPath } from '../../../lib/alerts-api';
import { CHANNEL_KIND_LABELS, ROTATION_OVERLAPS } from '../../../lib/channel-form';
import { ErrorBanner } from '../../common/status';
import { StateBadge } from '../common/badges';
import { ConfirmButton } from '../../common/confirm-button';
import { ChannelEditor } from './channel-editor';

export interface ChannelRowProps {
  channel: Channel;
  columns: number;
  onChanged(): void;
  onRotated(rotated: ChannelWithSecretResponse): void;
}

/** One channel and what can be done with it: send a test (and see what the receiver answered), edit, rotate its secret, turn it off or on, delete. */
export function ChannelRow({ channel, columns, onChanged, onRotated }: ChannelRowProps) {
  const { projectId, canConfigure } = useAlerting();
  const action = useAction();
  const [tested, setTested] = useState<ChannelTestResponse | undefined>();
  const [panel, setPanel] = useState<'edit' | 'rotate' | undefined>();
  const [overlap, setOverlap] = useState(86_400);
  const busy = action.pending !== undefined;

  const test = async () => {
    setTested(undefined);
    const answer = await action.run('test', () => apiJson(channelsPath(projectId, channel.id, 'test'), channelTestResponseSchema, { method: 'POST' }));
    if (answer) setTested(answer);
    // A 410 Gone turns the channel off: show that at once.
    if (answer && answer.status === 410) onChanged();
  };
  const rotate = async () => {
    const rotated = await action.run('rotate', () => apiJson(channelsPath(projectId, channel.id, 'rotate-secret'), channelWithSecretResponseSchema, { method: 'POST', json: { overlapSeconds: overlap } }));
    if (rotated) {
      setPanel(undefined);
      onRotated(rotated);
    }
  };
  const setEnabled = async (enabled: boolean) => {
    if (await action.run('toggle', () => apiJson(channelsPath(projectId, channel.id), channelSchema, { method: 'PATCH', json: { enabled } }))) onChanged();
  };
  const remove = async () => {
    const done = await action.run('delete', async () => {
      await apiSend(channelsPath(projectId, channel.id), { method: 'DELETE' });
      return true;
    });
    if (done) onChanged();
  };

  return (
    <>
      <tr data-testid="channel-row" data-channel-id={channel.id} data-enabled={channel.enabled}>
        <th scope="row">
          {channel.name}
          <span className="small muted block">{CHANNEL_KIND_LABELS[channel.kind]}</span>
        </th>
        <td className="url-cell">
          <code data-testid="channel-url-cell">{channel.url}</code>
          {channel.headerNames.length > 0 ? <span className="small muted block">headers: {channel.headerNames.join(', ')}</span> : null}
        </td>
        <td data-testid="channel-status">
          <StateBadge state={channel.enabled ? 'enabled' : 'disabled'} />
          {channel.disabledReason ? (
            <span className="small field-error block" data-testid="channel-disabled-reason">
              Turned off by Vigil: {channel.disabledReason}
            </span>
          ) : null}
        </td>
        <td>
          <code data-testid="channel-secret-prefix">{channel.secretPrefix}</code>
          {channel.previousSecretValidUntil ? <span className="small muted block">old secret signs until {formatInstant(channel.previousSecretValidUntil)}</span> : null}
        </td>
        <td className="actions">
          {canConfigure ? (
            <span className="button-row">
              <button type="button" data-testid="test-channel" disabled={busy} onClick={() => void test()}>
                {action.pending === 'test' ? 'Sending…' : 'Send test'}
              </button>
              <button type="button" data-testid="edit-channel" disabled={busy} onClick={() => setPanel(panel === 'edit' ? undefined : 'edit')}>
                Edit
              </button>
              <button type="button" data-testid="rotate-channel" disabled={busy} onClick={() => setPanel(panel === 'rotate' ? undefined : 'rotate')}>
                Rotate secret
              </button>
              <button type="button" data-testid="toggle-channel" disabled={busy} onClick={() => void setEnabled(!channel.enabled)}>
                {channel.enabled ? 'Disable' : 'Enable'}
              </button>
              <ConfirmButton label="Delete" confirmLabel="Delete channel" message="Policies lose it; its delivery log stays." busy={busy} onConfirm={() => void remove()} testId="delete-channel" />
            </span>
          ) : null}
        </td>
      </tr>
      {tested || action.error || panel ? (
        <tr className="inline-form-row">
          <td colSpan={columns}>
            {action.error ? <ErrorBanner error={action.error} /> : null}
            {tested ? <TestResult result={tested} /> : null}
            {panel === 'rotate' ? (
              <div className="rotate-panel" data-testid="rotate-panel">
                <label className="inline-label">
                  Keep signing with the old secret for
                  <select data-testid="rotate-overlap" value={overlap} onChange={(event) => setOverlap(Number(event.target.value))}>
                    {ROTATION_OVERLAPS.map((choice) => (
                      <option key={choice.seconds} value={choice.seconds}>
                        {choice.label}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" className="primary" data-testid="confirm-rotate" disabled={busy} onClick={() => void rotate()}>
                  {action.pending === 'rotate' ? 'Rotating…' : 'Rotate now'}
                </button>
                <button type="button" onClick={() => setPanel(undefined)}>
                  Cancel
                </button>
              </div>
            ) : null}
            {panel === 'edit' ? (
              <ChannelEditor
                projectId={projectId}
                channel={channel}
                onCancel={() => setPanel(undefined)}
                onSaved={() => {
                  setPanel(undefined);
                  onChanged();
                }}
              />
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** What the receiver answered the test notification. */
function TestResult({ result }: { result: ChannelTestResponse }) {
  const answer = result.status === null ? 'no answer' : `HTTP ${result.status}`;
  return (
    <p className={result.delivered ? 'test-result ok' : 'test-result failed'} role="status" data-testid="channel-test-result" data-delivered={result.delivered}>
      <strong>{result.delivered ? 'Delivered.' : 'Not delivered.'}</strong> The receiver answered {answer} in {Math.round(result.durationMs)} ms
      {result.error ? `: ${result.error}` : ''}. <span className="small muted">Webhook id {result.webhookId}</span>
    </p>
  );
}
