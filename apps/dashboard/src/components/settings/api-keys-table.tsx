'use client';

import type { ApiKey } from '@vigil/contracts';
import { useState } from 'react';
import { type ApiError, apiSend, asApiError } from '../../lib/api-client';
import { apiKeyStatus, apiKeysPath, formatKeyTime } from '../../lib/api-keys';
import { ErrorBanner } from '../common/status';

/** The project's keys, newest first as the API lists them, each active one with a two-step Revoke. */
export function ApiKeysTable({ projectId, keys, onRevoked }: { projectId: string; keys: readonly ApiKey[]; /** After the API revoked it (or had already). */ onRevoked(id: string): void }) {
  const [confirming, setConfirming] = useState<string | undefined>();
  const [revoking, setRevoking] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();

  async function revoke(key: ApiKey) {
    setRevoking(key.id);
    setError(undefined);
    try {
      await apiSend(apiKeysPath(projectId, key.id), { method: 'DELETE' });
      onRevoked(key.id);
    } catch (caught) {
      const apiError = asApiError(caught);
      setError(apiError);
      // A 404 means someone else revoked it already: the list is stale, so load it again.
      if (apiError.status === 404) onRevoked(key.id);
    } finally {
      setRevoking(undefined);
      setConfirming(undefined);
    }
  }

  return (
    <>
      {error ? <ErrorBanner error={error} /> : null}
      <div className="card table-card">
        <table className="services api-keys" data-testid="api-keys-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const status = apiKeyStatus(key);
              return (
                <tr key={key.id} data-testid="api-key-row" data-key-id={key.id} data-status={status} className={status === 'revoked' ? 'revoked' : undefined}>
                  <th scope="row" data-testid="api-key-name-cell">
                    {key.name}
                  </th>
                  <td>
                    <code data-testid="api-key-prefix">{key.prefix}…</code>
                  </td>
                  <td data-testid="api-key-scopes">
                    {key.scopes.map((scope) => (
                      <span key={scope} className="scope">
                        {scope}
                      </span>
                    ))}
                  </td>
                  <td title={formatKeyTime(key.createdAt, true)}>{formatKeyTime(key.createdAt)}</td>
                  <td title={key.lastUsedAt ? formatKeyTime(key.lastUsedAt, true) : undefined} data-testid="api-key-last-used">
                    {formatKeyTime(key.lastUsedAt)}
                  </td>
                  <td>
                    <span className={`key-status key-status-${status}`} data-testid="api-key-status" title={key.revokedAt ? `Revoked ${formatKeyTime(key.revokedAt)}` : undefined}>
                      {status}
                    </span>
                  </td>
                  <td className="actions">
                    {status === 'active' && confirming !== key.id ? (
                      <button type="button" className="danger" data-testid="revoke-api-key" onClick={() => setConfirming(key.id)}>
                        Revoke
                      </button>
                    ) : null}
                    {status === 'active' && confirming === key.id ? (
                      <span className="confirm" role="group" aria-label={`Revoke ${key.name}?`} data-testid="revoke-confirmation">
                        <span className="small">Anything using it stops working at once.</span>
                        <button type="button" className="danger solid" data-testid="confirm-revoke" disabled={revoking === key.id} onClick={() => void revoke(key)}>
                          {revoking === key.id ? 'Revoking…' : 'Revoke key'}
                        </button>
                        <button type="button" data-testid="cancel-revoke" disabled={revoking === key.id} onClick={() => setConfirming(undefined)}>
                          Cancel
                        </button>
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
