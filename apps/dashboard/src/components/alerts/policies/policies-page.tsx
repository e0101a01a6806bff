'use client';

import { channelListResponseSchema, policyListResponseSchema } from '@vigil/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { apiJson } from '../../../lib/api-client';
import { channelsPath, policiesPath } from '../../../lib/alerts-api';
import { ErrorBanner, Loading } from '../../common/status';
import { PoliciesTable } from './policies-table';
import { PolicyEditor } from './policy-editor';

/** Alerts → Policies: which alerts go to which channels, tried in order, and how they are grouped into notifications. */
export function PoliciesPage() {
  const { projectId, canConfigure, href } = useAlerting();
  const policies = useApiResource(`policies:${projectId}`, (signal) => apiJson(policiesPath(projectId), policyListResponseSchema, { signal }));
  const channels = useApiResource(`channels:${projectId}`, (signal) => apiJson(channelsPath(projectId), channelListResponseSchema, { signal }));
  const [creating, setCreating] = useState(false);
  const noChannels = channels.data?.channels.length === 0;

  return (
    <>
      <div className="page-title">
        <h1>Notification policies</h1>
        {canConfigure && !creating && channels.data && !noChannels ? (
          <button type="button" className="primary" data-testid="new-policy" onClick={() => setCreating(true)}>
            New policy
          </button>
        ) : null}
      </div>
      <p className="muted">
        Each firing or resolved alert is tried against the policies from the top; the first that matches sends it (and later ones too if it says continue). Alerts no
        policy matches notify no one.
      </p>
      {policies.error ? <ErrorBanner error={policies.error} onRetry={policies.reload} /> : null}
      {channels.error ? <ErrorBanner error={channels.error} onRetry={channels.reload} /> : null}
      {policies.loading || channels.loading ? <Loading what="policies" testId="policies-loading" /> : null}
      {noChannels ? (
        <section className="card empty" data-testid="policies-no-channels">
          <h2>Create a channel first</h2>
          <p className="muted">
            A policy sends alerts to channels. <Link href={href('channels')}>Create a notification channel</Link>, then come back to route alerts to it.
          </p>
        </section>
      ) : null}
      {creating && channels.data ? (
        <PolicyEditor
          projectId={projectId}
          channels={channels.data.channels}
          onCancel={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            policies.reload();
          }}
        />
      ) : null}
      {policies.data?.policies.length === 0 && !noChannels && !creating && channels.data ? (
        <section className="card empty" data-testid="policies-empty">
          <h2>No policies yet: alerts reach no one</h2>
          <p className="muted">{canConfigure ? 'Create one that sends every alert to a channel, then narrow it down as you need.' : 'Editors of this project create them.'}</p>
        </section>
      ) : null}
      {policies.data && policies.data.policies.length > 0 && channels.data ? <PoliciesTable policies={policies.data.policies} channels={channels.data.channels} onChanged={policies.reload} /> : null}
    </>
  );
}
