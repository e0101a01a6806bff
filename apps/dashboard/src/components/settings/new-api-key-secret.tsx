'use client';

import type { CreateApiKeyResponse } from '@vigil/contracts';
import { useOrigin } from '../../hooks/use-origin';
import { apiKeyUsageExample } from '../../lib/api-keys';
import { SecretField } from '../common/secret-field';
import { Command } from '../common/send-data-hint';

/** The secret of the key just created, this once: the API stores only its hash. */
export function NewApiKeySecret({ created, onDismiss }: { created: CreateApiKeyResponse; onDismiss(): void }) {
  const origin = useOrigin();

  return (
    <section className="card secret-card" role="status" data-testid="new-api-key" data-key-id={created.apiKey.id}>
      <h2>
        Key <q>{created.apiKey.name}</q> created
      </h2>
      <p className="secret-warning" data-testid="new-api-key-warning">
        <strong>Copy this secret now — you will not see it again.</strong> Vigil keeps only a hash of it; if it is lost, create a new key and revoke this one.
      </p>
      <SecretField secret={created.key} label="New API key secret" testIds={{ input: 'new-api-key-secret', copy: 'copy-api-key', status: 'copy-api-key-status' }} />
      <p>
        Send it in an <code>Authorization: Bearer</code> header; the key already names its project. For example:
      </p>
      <Command lines={apiKeyUsageExample(origin, created.key, created.apiKey.scopes)} testId="new-api-key-usage" />
      <button type="button" onClick={onDismiss} data-testid="dismiss-api-key">
        I have stored it
      </button>
    </section>
  );
}
