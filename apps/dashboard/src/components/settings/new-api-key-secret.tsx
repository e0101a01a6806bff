'use client';

import type { CreateApiKeyResponse } from '@vigil/contracts';
import { useRef, useState } from 'react';
import { useOrigin } from '../../hooks/use-origin';
import { apiKeyUsageExample } from '../../lib/api-keys';
import { Command } from '../common/send-data-hint';

type CopyState = 'idle' | 'copied' | 'select';

/** The secret of the key just created, this once: the API stores only its hash. */
export function NewApiKeySecret({ created, onDismiss }: { created: CreateApiKeyResponse; onDismiss(): void }) {
  const origin = useOrigin();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopy('copied');
    } catch {
      // No clipboard access (an http:// origin other than localhost, or the permission was
      // refused): select the secret so Ctrl+C / ⌘C copies it.
      input.current?.focus();
      input.current?.select();
      setCopy('select');
    }
  }

  return (
    <section className="card secret-card" role="status" data-testid="new-api-key" data-key-id={created.apiKey.id}>
      <h2>
        Key <q>{created.apiKey.name}</q> created
      </h2>
      <p className="secret-warning" data-testid="new-api-key-warning">
        <strong>Copy this secret now — you will not see it again.</strong> Vigil keeps only a hash of it; if it is lost, create a new key and revoke this one.
      </p>
      <div className="secret-row">
        <input
          ref={input}
          className="secret"
          aria-label="New API key secret"
          data-testid="new-api-key-secret"
          readOnly
          value={created.key}
          spellCheck={false}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="primary" data-testid="copy-api-key" onClick={() => void copySecret()}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="small muted" aria-live="polite" data-testid="copy-api-key-status">
        {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'select' ? 'The clipboard is not available here: the secret is selected, press Ctrl+C (⌘C) to copy it.' : ''}
      </p>
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
