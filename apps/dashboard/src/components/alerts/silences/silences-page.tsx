'use client';

import { type Silence, silenceListResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useAlerting } from '../../../hooks/use-alerting';
import { useApiResource } from '../../../hooks/use-api-resource';
import { apiJson } from '../../../lib/api-client';
import { silencesPath } from '../../../lib/alerts-api';
import { emptySilenceForm, silencesInOrder } from '../../../lib/silence-form';
import { ErrorBanner, Loading } from '../../common/status';
import { SilenceEditor } from './silence-editor';
import { SilencesTable } from './silences-table';

const REFRESH_MS = 30_000;
type Shown = 'all' | Silence['state'];
const SHOWN: Shown[] = ['all', 'active', 'pending', 'expired'];

/** Alerts → Silences: active, pending and recently expired (the last 7 days) silences; new ones, ended ones. */
export function SilencesPage() {
  const { projectId, canConfigure } = useAlerting();
  const silences = useApiResource(`silences:${projectId}`, (signal) => apiJson(silencesPath(projectId), silenceListResponseSchema, { signal }), REFRESH_MS);
  const [shown, setShown] = useState<Shown>('all');
  const [creating, setCreating] = useState(false);
  const list = silencesInOrder(silences.data?.silences ?? []).filter((silence) => shown === 'all' || silence.state === shown);
  const count = (state: Shown) => (silences.data?.silences ?? []).filter((silence) => state === 'all' || silence.state === state).length;

  return (
    <>
      <div className="page-title">
        <h1>Silences</h1>
        <div className="range" role="group" aria-label="Show" data-testid="silence-state-filter">
          {SHOWN.map((state) => (
            <button key={state} type="button" className={shown === state ? 'selected' : undefined} aria-pressed={shown === state} onClick={() => setShown(state)}>
              {state} ({count(state)})
            </button>
          ))}
        </div>
        {canConfigure && !creating ? (
          <button type="button" className="primary" data-testid="new-silence" onClick={() => setCreating(true)}>
            New silence
          </button>
        ) : null}
      </div>
      {creating ? (
        <section className="card">
          <SilenceEditor
            projectId={projectId}
            title="New silence"
            initial={emptySilenceForm()}
            onCancel={() => setCreating(false)}
            onCreated={() => {
              setCreating(false);
              silences.reload();
            }}
          />
        </section>
      ) : null}
      {silences.error ? <ErrorBanner error={silences.error} onRetry={silences.reload} /> : null}
      {silences.loading ? <Loading what="silences" testId="silences-loading" /> : null}
      {silences.data && list.length === 0 ? (
        <section className="card empty" data-testid="silences-empty">
          <h2>{shown === 'all' ? 'No silences in the last 7 days' : `No ${shown} silences`}</h2>
          <p className="muted">A silence mutes the notifications of alerts whose labels match, for a while. The quickest way to make one is the Silence button beside a firing alert.</p>
        </section>
      ) : null}
      {list.length > 0 ? <SilencesTable silences={list} onChanged={silences.reload} /> : null}
    </>
  );
}
