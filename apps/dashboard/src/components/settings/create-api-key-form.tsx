'use client';

import { API_KEY_SCOPES, type ApiKeyScope, type CreateApiKeyResponse, createApiKeyResponseSchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { type ApiError, apiJson, asApiError } from '../../lib/api-client';
import { apiKeysPath, checkNewApiKey, SCOPE_DESCRIPTIONS, toggleScope } from '../../lib/api-keys';
import { ErrorBanner } from '../common/status';

/** Name and scopes of a new key; checked with the API's schema before it is sent. */
export function CreateApiKeyForm({ projectId, onCreated }: { projectId: string; onCreated(response: CreateApiKeyResponse): void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; scopes?: string }>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkNewApiKey(name, scopes);
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      return;
    }
    setFieldErrors({});
    setError(undefined);
    setPending(true);
    try {
      const response = await apiJson(apiKeysPath(projectId), createApiKeyResponseSchema, { method: 'POST', json: checked.request });
      setName('');
      setScopes([]);
      onCreated(response);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="card api-key-form" onSubmit={(event) => void submit(event)} noValidate data-testid="create-api-key-form">
      <h2>Create a key</h2>
      {error ? <ErrorBanner error={error} /> : null}
      <div className="api-key-fields">
        <label className="api-key-name">
          Name
          <input
            name="name"
            data-testid="api-key-name"
            placeholder="e.g. grafana, checkout-service"
            maxLength={100}
            value={name}
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={fieldErrors.name ? 'api-key-name-error' : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {fieldErrors.name ? (
            <span className="field-error" id="api-key-name-error" data-testid="api-key-name-error">
              {fieldErrors.name}
            </span>
          ) : null}
        </label>
        <fieldset className="scopes" aria-describedby={fieldErrors.scopes ? 'api-key-scopes-error' : undefined}>
          <legend>Scopes</legend>
          {API_KEY_SCOPES.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                data-testid={`api-key-scope-${scope}`}
                checked={scopes.includes(scope)}
                onChange={(event) => setScopes((previous) => toggleScope(previous, scope, event.target.checked))}
              />
              <span>
                <code>{scope}</code> <span className="muted small">{SCOPE_DESCRIPTIONS[scope]}</span>
              </span>
            </label>
          ))}
          {fieldErrors.scopes ? (
            <span className="field-error" id="api-key-scopes-error" data-testid="api-key-scopes-error">
              {fieldErrors.scopes}
            </span>
          ) : null}
        </fieldset>
      </div>
      <div>
        <button type="submit" className="primary" disabled={pending} data-testid="create-api-key">
          {pending ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}
