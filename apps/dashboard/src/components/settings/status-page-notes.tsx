'use client';

import { STATUS_NOTE_SEVERITIES, type StatusNoteSeverity, type StatusPage, statusPageNoteSchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { apiJson, apiSend } from '../../lib/api-client';
import { placeProblem } from '../../lib/form-errors';
import { NOTE_SEVERITY_TEXT, statusPagesPath } from '../../lib/status-page';
import { ConfirmButton } from '../common/confirm-button';
import { FieldError } from '../common/field-error';
import { ErrorBanner } from '../common/status';

const FIELDS = ['title', 'body', 'severity', 'startsAt', 'endsAt'] as const;
const EMPTY = { title: '', body: '', severity: '' as StatusNoteSeverity | '', endsAt: '' };

/** `2026-12-05T10:30` from a datetime-local input, in the browser's zone, as ISO 8601 (UTC). */
const isoFromLocal = (value: string): string | null => (value === '' ? null : new Date(value).toISOString());

/**
 * The notes of a status page: what the team tells the public (an announcement, planned
 * maintenance, an update on an outage). A note shows from its time until its end, if it has one.
 */
export function StatusPageNotes({ projectId, page, readOnly, onChanged }: { projectId: string; page: StatusPage; readOnly: boolean; onChanged(): void }) {
  const [draft, setDraft] = useState(EMPTY);
  const action = useAction();
  const placed = action.error ? placeProblem(action.error.problem, FIELDS) : undefined;

  async function post(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const json = { title: draft.title, body: draft.body, severity: draft.severity === '' ? null : draft.severity, endsAt: isoFromLocal(draft.endsAt) };
    const note = await action.run('post', () => apiJson(statusPagesPath(projectId, page.id, 'notes'), statusPageNoteSchema, { method: 'POST', json }));
    if (note) {
      setDraft(EMPTY);
      onChanged();
    }
  }

  async function remove(id: string) {
    const done = await action.run(`delete:${id}`, async () => {
      await apiSend(statusPagesPath(projectId, page.id, 'notes', id), { method: 'DELETE' });
      return true;
    });
    if (done) onChanged();
  }

  const now = Date.now();
  return (
    <section className="card" aria-label="Notes" data-testid="status-page-notes-settings">
      <h2>Notes</h2>
      {action.error && Object.keys(placed?.fields ?? {}).length === 0 ? <ErrorBanner error={action.error} /> : null}
      {page.notes.length === 0 ? <p className="muted">No notes. Post one to tell your customers about maintenance or an ongoing problem.</p> : null}
      <ul className="plain-list">
        {page.notes.map((note) => (
          <li key={note.id} data-testid="status-page-note">
            <strong>{note.title}</strong> {note.severity ? <span className="badge">{NOTE_SEVERITY_TEXT[note.severity]}</span> : null}{' '}
            <span className="small muted">
              {new Date(note.startsAt).toLocaleString()}
              {note.endsAt ? ` – ${new Date(note.endsAt).toLocaleString()}` : ''}
              {note.endsAt && Date.parse(note.endsAt) <= now ? ' (ended, no longer shown)' : ''}
            </span>
            {note.body ? <p className="small">{note.body}</p> : null}
            {readOnly ? null : <ConfirmButton label="Delete" confirmLabel="Delete note" message="It leaves the public page." busy={action.pending !== undefined} onConfirm={() => void remove(note.id)} testId={`delete-note-${note.id}`} />}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form onSubmit={(event) => void post(event)} noValidate data-testid="status-page-note-form">
          <h3>Post a note</h3>
          <div className="form-grid">
            <label>
              Title
              <input name="title" data-testid="note-title" value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
              <FieldError id="note-title-error" message={placed?.fields.title} />
            </label>
            <label>
              Severity
              <select name="severity" data-testid="note-severity" value={draft.severity} onChange={(event) => setDraft({ ...draft, severity: event.target.value as StatusNoteSeverity | '' })}>
                <option value="">None</option>
                {STATUS_NOTE_SEVERITIES.map((severity) => (
                  <option key={severity} value={severity}>
                    {NOTE_SEVERITY_TEXT[severity]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Text
              <textarea name="body" rows={3} data-testid="note-body" value={draft.body} onChange={(event) => setDraft({ ...draft, body: event.target.value })} />
              <FieldError id="note-body-error" message={placed?.fields.body} />
            </label>
            <label>
              Ends (optional)
              <input type="datetime-local" name="endsAt" value={draft.endsAt} onChange={(event) => setDraft({ ...draft, endsAt: event.target.value })} />
              <FieldError id="note-ends-error" message={placed?.fields.endsAt} />
            </label>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={action.pending !== undefined} data-testid="post-note">
              {action.pending === 'post' ? 'Posting…' : 'Post note'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
