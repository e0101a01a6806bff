'use client';

import { useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'select';

export interface SecretFieldProps {
  secret: string;
  label: string;
  testIds: { input: string; copy: string; status: string };
}

/** A secret shown once, read-only, with a Copy button (or, without clipboard access, selected for Ctrl+C). */
export function SecretField({ secret, label, testIds }: SecretFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secret);
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
    <>
      <div className="secret-row">
        <input ref={input} className="secret" aria-label={label} data-testid={testIds.input} readOnly value={secret} spellCheck={false} onFocus={(event) => event.target.select()} />
        <button type="button" className="primary" data-testid={testIds.copy} onClick={() => void copySecret()}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="small muted" aria-live="polite" data-testid={testIds.status}>
        {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'select' ? 'The clipboard is not available here: the secret is selected, press Ctrl+C (⌘C) to copy it.' : ''}
      </p>
    </>
  );
}
