'use client';

import { channelListResponseSchema, type ChannelWithSecretResponse } from '@vigil/contracts';
import { useState } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { apiJson } from '../../../lib/api-client';
import { channelsPath } from '../../../lib/alerts-api';
import { ErrorBanner, Loading } from '../../common/status';
import { TableCard } from '../../common/table-card';
import { ChannelEditor } from './channel-editor';
import { ChannelRow } from './channel-row';
import { ChannelSecret } from './channel-secret';

const COLUMNS = 5;

/** Alerts → Channels: where notifications go, each signed with its own secret (shown once, on creation and rotation). */
export function ChannelsPage() {
  const { projectId, canConfigure } = useAlerting();
  const channels = useApiResource(`channels:${projectId}`, (signal) => apiJson(channelsPath(projectId), channelListResponseSchema, { signal }));
  const [creating, setCreating] = useState(false);
  // Lives only in this component's state: leaving or reloading the page forgets it for good.
  const [secret, setSecret] = useState<{ created: ChannelWithSecretResponse; rotated: boolean } | undefined>();

  return (
    <>
      <div className="page-title">
        <h1>Notification channels</h1>
        {canConfigure && !creating ? (
          <button type="button" className="primary" data-testid="new-channel" onClick={() => setCreating(true)}>
            New channel
          </button>
        ) : null}
      </div>
      {secret ? <ChannelSecret created={secret.created} rotated={secret.rotated} onDismiss={() => setSecret(undefined)} /> : null}
      {creating ? (
        <ChannelEditor
          projectId={projectId}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setSecret({ created, rotated: false });
            channels.reload();
          }}
        />
      ) : null}
      {channels.error ? <ErrorBanner error={channels.error} onRetry={channels.reload} /> : null}
      {channels.loading ? <Loading what="channels" testId="channels-loading" /> : null}
      {channels.data?.channels.length === 0 && !creating ? (
        <section className="card empty" data-testid="channels-empty">
          <h2>No channels yet</h2>
          <p className="muted">
            A channel is an HTTP endpoint Vigil POSTs notifications to, signed per Standard Webhooks: your own receiver, anything written for Alertmanager, or a Slack
            incoming webhook. {canConfigure ? 'Create one, then a policy that routes alerts to it.' : 'Editors of this project create them.'}
          </p>
        </section>
      ) : null}
      {channels.data && channels.data.channels.length > 0 ? (
        <TableCard className="channels-table" testId="channels-table" columns={['Channel', 'URL', 'Status', 'Secret']} actions>
          {channels.data.channels.map((channel) => (
            <ChannelRow key={channel.id} channel={channel} columns={COLUMNS} onChanged={channels.reload} onRotated={(rotated) => {
                setSecret({ created: rotated, rotated: true });
                channels.reload();
              }} />
          ))}
        </TableCard>
      ) : null}
    </>
  );
}
