'use client';

import { type ProjectLimitKey, type ProjectSettingsResponse, projectSettingsResponseSchema, type UpdateProjectSettingsRequest } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { type ApiError, apiJson, asApiError } from '../../lib/api-client';
import { buildSettingsUpdate, type FieldErrors, LIMITS, problemFieldErrors, projectSettingsPath, type SettingsDraft, type SettingsField } from '../../lib/project-settings';
import { FormActions } from '../common/form-actions';
import { ErrorBanner } from '../common/status';
import { ProjectLimitsTable } from './project-limits-table';

type Pending = 'save' | ProjectLimitKey | undefined;

/**
 * Retention and the limit overrides. Save sends only the fields changed since the last save;
 * "Reset to default" sends that one limit's null at once. Values the API refuses come back as
 * its problem: messages placed next to their fields, anything else (a 403) in the banner.
 */
export function ProjectSettingsForm({ projectId, loaded, readOnly }: { projectId: string; loaded: ProjectSettingsResponse; /** Not an owner or admin here: shown, not changeable. */ readOnly: boolean }) {
  // The last answer of the API, GET or PATCH: what is in force now.
  const [settings, setSettings] = useState(loaded);
  const [draft, setDraft] = useState<SettingsDraft>({ limits: {} });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<{ apiError: ApiError; placed: boolean } | undefined>();
  const [pending, setPending] = useState<Pending>();
  const [notice, setNotice] = useState('');

  /** PATCHes `request`; true when the API took it (its answer is then on screen). */
  async function send(request: UpdateProjectSettingsRequest, what: Pending): Promise<boolean> {
    setPending(what);
    setError(undefined);
    setNotice('');
    try {
      setSettings(await apiJson(projectSettingsPath(projectId), projectSettingsResponseSchema, { method: 'PATCH', json: request }));
      return true;
    } catch (caught) {
      const apiError = asApiError(caught);
      const { fields, unplaced } = problemFieldErrors(apiError.problem);
      setFieldErrors((previous) => ({ ...previous, ...fields }));
      setError({ apiError, placed: unplaced === 0 && Object.keys(fields).length > 0 });
      return false;
    } finally {
      setPending(undefined);
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const update = buildSettingsUpdate(settings, draft);
    if (!update.ok) {
      setFieldErrors(update.errors);
      setNotice('');
      return;
    }
    setFieldErrors({});
    if (update.request === undefined) {
      setDraft({ limits: {} });
      setNotice('Nothing to save: these are the values stored.');
      return;
    }
    if (await send(update.request, 'save')) {
      setDraft({ limits: {} });
      setNotice('Saved. The values below are in force now.');
    }
  }

  async function reset(key: ProjectLimitKey) {
    setFieldErrors(({ [key]: _dropped, ...rest }) => rest);
    if (await send({ ingestLimits: { [key]: null } }, key)) {
      setDraft(({ limits: { [key]: _dropped, ...limits }, ...rest }) => ({ ...rest, limits }));
      setNotice(`${LIMITS[key].label} is back to its default.`);
    }
  }

  /** A keystroke: the field's old error and the last notice no longer describe what is on screen. */
  function edit(field: SettingsField | undefined, change: (draft: SettingsDraft) => SettingsDraft) {
    setDraft(change);
    setNotice('');
    if (field) setFieldErrors(({ [field]: _dropped, ...rest }) => rest);
  }

  const dirty = draft.retentionDays !== undefined || Object.keys(draft.limits).length > 0;
  return (
    <form className="project-settings-form" onSubmit={(event) => void save(event)} noValidate data-testid="project-settings-form">
      {error && !error.placed ? <ErrorBanner error={error.apiError} /> : null}
      {readOnly || error?.apiError.status === 403 ? (
        <p className="muted read-only-note" data-testid="project-settings-forbidden">
          Only the project&apos;s owners and admins change these settings; you can still read them.
        </p>
      ) : null}
      {/* A disabled fieldset disables every control in it: a viewer reads the values, changes none. */}
      <fieldset className="plain" disabled={readOnly} data-testid="project-settings-fields">
      <section className="card retention">
        <label className="retention-field">
          Retention
          <span className="input-with-unit">
            <input
              type="number"
              name="retentionDays"
              data-testid="retention-days"
              inputMode="numeric"
              min={1}
              max={3650}
              step={1}
              value={draft.retentionDays ?? String(settings.retentionDays)}
              aria-invalid={fieldErrors.retentionDays ? true : undefined}
              aria-describedby={`retention-hint${fieldErrors.retentionDays ? ' retention-days-error' : ''}`}
              onChange={(event) => edit('retentionDays', (previous) => ({ ...previous, retentionDays: event.target.value }))}
            />
            <span className="muted">days</span>
          </span>
          {fieldErrors.retentionDays ? (
            <span className="field-error" id="retention-days-error" data-testid="retention-days-error">
              {fieldErrors.retentionDays}
            </span>
          ) : null}
        </label>
        <p className="small muted" id="retention-hint" data-testid="retention-hint">
          A new retention applies to data written from now on (data already stored keeps the one it was written with), and the max age limit is capped at
          the retention, since older data would expire as soon as it is stored.
        </p>
      </section>
      <ProjectLimitsTable
        settings={settings}
        draft={draft.limits}
        fieldErrors={fieldErrors}
        busy={pending !== undefined}
        resetting={pending === 'save' ? undefined : pending}
        onChange={(key, text) => edit(key, (previous) => ({ ...previous, limits: { ...previous.limits, [key]: text } }))}
        onReset={(key) => void reset(key)}
      />
      <FormActions
        submitLabel="Save"
        submitTestId="save-project-settings"
        busy={pending !== undefined}
        saving={pending === 'save'}
        canSubmit={dirty}
        problem={error?.placed ? 'Not saved: see the fields marked below.' : undefined}
        status={notice}
        statusTestId="project-settings-status"
      >
        {dirty && pending === undefined ? (
          <button type="button" data-testid="discard-project-settings" onClick={() => {
              edit(undefined, () => ({ limits: {} }));
              setFieldErrors({});
            }}>
            Discard changes
          </button>
        ) : null}
      </FormActions>
      </fieldset>
    </form>
  );
}
