'use client';

import { type Silence, silenceSchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { apiJson, asApiError } from '../../../lib/api-client';
import { silencesPath } from '../../../lib/alerts-api';
import { type FieldErrors, placeProblem } from '../../../lib/form-errors';
import { SILENCE_DURATIONS, SILENCE_FIELDS, type SilenceField, type SilenceForm, silenceRequestFromForm } from '../../../lib/silence-form';
import { ErrorBanner } from '../../common/status';
import { AlertMatchersEditor } from '../common/alert-matchers-editor';
import { FieldError, invalidProps } from '../../common/field-error';
import { FormActions } from '../../common/form-actions';

export interface SilenceEditorProps {
  projectId: string;
  initial: SilenceForm;
  onCreated(silence: Silence): void;
  onCancel(): void;
  /** Where the form is (the active alerts list or the silences page), for its heading. */
  title: string;
}

/** A new silence: matchers, when it starts (now by default), how long it lasts, and why. */
export function SilenceEditor({ projectId, initial, onCreated, onCancel, title }: SilenceEditorProps) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<SilenceField>>({});
  const save = useAction();
  const update = (change: Partial<SilenceForm>) => setForm((previous) => ({ ...previous, ...change }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = silenceRequestFromForm(form, Date.now());
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    const created = await save.run('create', async () => {
      try {
        return await apiJson(silencesPath(projectId), silenceSchema, { method: 'POST', json: result.request });
      } catch (caught) {
        const apiError = asApiError(caught);
        setErrors(placeProblem(apiError.problem, SILENCE_FIELDS).fields);
        throw apiError;
      }
    });
    if (created) onCreated(created);
  }

  return (
    <form className="silence-form" onSubmit={(event) => void submit(event)} noValidate data-testid="silence-form">
      <h3>{title}</h3>
      {save.error ? <ErrorBanner error={save.error} /> : null}
      <AlertMatchersEditor projectId={projectId} matchers={form.matchers} onChange={(matchers) => update({ matchers })} error={errors.matchers} testId="silence-matchers" />
      <div className="controls">
        <fieldset className="duration-picker">
          <legend>For</legend>
          <div className="range" role="group" aria-label="Duration" data-testid="silence-duration-choices">
            {SILENCE_DURATIONS.map((duration) => (
              <button key={duration} type="button" className={form.duration === duration ? 'selected' : undefined} aria-pressed={form.duration === duration} onClick={() => update({ duration })}>
                {duration}
              </button>
            ))}
          </div>
        </fieldset>
        <label>
          or type a duration
          <input className="duration" data-testid="silence-duration" value={form.duration} onChange={(event) => update({ duration: event.target.value })} {...invalidProps('silence-endsAt-error', errors.endsAt)} />
          <FieldError id="silence-endsAt-error" message={errors.endsAt} />
        </label>
        <label>
          Starts
          <input type="datetime-local" data-testid="silence-starts" value={form.startsAt} onChange={(event) => update({ startsAt: event.target.value })} {...invalidProps('silence-startsAt-error', errors.startsAt)} />
          <span className="small muted">empty: now</span>
          <FieldError id="silence-startsAt-error" message={errors.startsAt} />
        </label>
      </div>
      <label>
        Comment
        <input data-testid="silence-comment" maxLength={2000} placeholder="Why: the ticket, the deploy, who is on it" value={form.comment} onChange={(event) => update({ comment: event.target.value })} {...invalidProps('silence-comment-error', errors.comment)} />
        <FieldError id="silence-comment-error" message={errors.comment} />
      </label>
      <FormActions submitLabel={`Silence for ${form.duration || '…'}`} pendingLabel="Silencing…" submitTestId="create-silence" busy={save.pending !== undefined} cancel={onCancel} />
    </form>
  );
}
