import Link from 'next/link';
import type { ReactNode } from 'react';

export interface FormActionsProps {
  /** The submit button's label while nothing is in flight (`Create check`, `Save`). */
  submitLabel: string;
  submitTestId: string;
  /** An action of the form is in flight: submit and a Cancel button are disabled. */
  busy: boolean;
  /** The submit itself is in flight, so its button reads `pendingLabel`; defaults to `busy`. */
  saving?: boolean;
  pendingLabel?: string;
  /** False keeps submit disabled, e.g. while nothing was changed. */
  canSubmit?: boolean;
  /** Back out of the form: a page to go back to, or what closes an inline editor. */
  cancel?: string | (() => void);
  /** Set when the form was refused: said as an error in the status line. */
  problem?: string;
  /** What the last action did (`Saved.`), in the status line when there is no problem. */
  status?: ReactNode;
  statusTestId?: string;
  /** Further actions, between submit and Cancel (`Save and run now`, `Discard changes`, `Delete`). */
  children?: ReactNode;
}

/** The footer every editor form shares: submit, its further actions, Cancel, and a status line read out by screen readers. */
export function FormActions({ submitLabel, submitTestId, busy, saving = busy, pendingLabel = 'Saving…', canSubmit = true, cancel, problem, status, statusTestId, children }: FormActionsProps) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy || !canSubmit} data-testid={submitTestId}>
        {saving ? pendingLabel : submitLabel}
      </button>
      {children}
      {typeof cancel === 'string' ? <Link href={cancel}>Cancel</Link> : null}
      {typeof cancel === 'function' ? (
        <button type="button" onClick={cancel} disabled={busy}>
          Cancel
        </button>
      ) : null}
      <span className="small" role="status" data-testid={statusTestId}>
        {problem ? <span className="field-error">{problem}</span> : status}
      </span>
    </div>
  );
}

/** The status line of an editor whose fields the API refused: each field says why beside it. */
export const FIELDS_MARKED = 'Not saved: see the fields marked.';
