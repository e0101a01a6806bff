'use client';

import { useState } from 'react';

export interface ConfirmButtonProps {
  label: string;
  confirmLabel: string;
  /** What happens, said beside the confirm button. */
  message: string;
  busy: boolean;
  onConfirm(): void;
  testId: string;
  danger?: boolean;
}

/** A button that asks once more before doing something that cannot be undone (delete, end, rotate). */
export function ConfirmButton({ label, confirmLabel, message, busy, onConfirm, testId, danger = true }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={danger ? 'danger' : undefined} data-testid={testId} disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`${label}?`} data-testid={`${testId}-confirmation`}>
      <span className="small">{message}</span>
      <button
        type="button"
        className={danger ? 'danger solid' : 'primary'}
        data-testid={`${testId}-confirm`}
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" data-testid={`${testId}-cancel`} disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
