'use client';

import { apiKeyListResponseSchema, type CreateApiKeyResponse } from '@vigil/contracts';
import { useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { apiJson } from '../../lib/api-client';
import { apiKeysPath } from '../../lib/api-keys';
import { ErrorBanner, Loading } from '../common/status';
import { ApiKeysTable } from './api-keys-table';
import { CreateApiKeyForm } from './create-api-key-form';
import { NewApiKeySecret } from './new-api-key-secret';

/**
 * Settings → API keys for the current project: the keys, a form to create one, the new key's
 * secret (shown once: the API keeps only its hash), and revoking. The API allows all of it only
 * to owners and admins; anyone else sees its 403 in place of the list.
 */
export function ApiKeysSettings() {
  const { projectId } = useSession();
  const keys = useApiResource(`api-keys:${projectId}`, (signal) => apiJson(apiKeysPath(projectId), apiKeyListResponseSchema, { signal }));
  // Lives only in this component's state: leaving or reloading the page forgets it for good.
  const [created, setCreated] = useState<CreateApiKeyResponse | undefined>();

  function onCreated(response: CreateApiKeyResponse) {
    setCreated(response);
    keys.reload();
  }

  function onRevoked(id: string) {
    if (created?.apiKey.id === id) setCreated(undefined);
    keys.reload();
  }

  const forbidden = keys.error?.status === 403;
  return (
    <>
      <div className="page-title">
        <h1>API keys</h1>
      </div>
      <p className="muted">
        Scripts, OpenTelemetry exporters and tools such as Grafana authenticate with an API key instead of a session. Give each one its own key with only the
        scopes it needs, so it can be revoked alone.
      </p>
      {keys.error ? <ErrorBanner error={keys.error} onRetry={keys.reload} /> : null}
      {forbidden ? (
        <p className="muted" data-testid="api-keys-forbidden">
          Only the project&apos;s owners and admins manage API keys. Ask one of them for a key.
        </p>
      ) : null}
      {created ? <NewApiKeySecret created={created} onDismiss={() => setCreated(undefined)} /> : null}
      {keys.loading ? <Loading what="API keys" testId="api-keys-loading" /> : null}
      {keys.data ? (
        <>
          <CreateApiKeyForm projectId={projectId} onCreated={onCreated} />
          {keys.data.keys.length === 0 ? (
            <section className="card empty" data-testid="api-keys-empty">
              <h2>No API keys yet</h2>
              <p className="muted">Create one above. Its secret is shown once, right after creation.</p>
            </section>
          ) : (
            <ApiKeysTable projectId={projectId} keys={keys.data.keys} onRevoked={onRevoked} />
          )}
        </>
      ) : null}
    </>
  );
}
