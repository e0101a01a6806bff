'use client';

import { type MaintenanceWindow, maintenanceWindowSchema } from '@vigil/contracts';
import { type FormEvent, useMemo, useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { apiJson, asApiError } from '../../../lib/api-client';
import { maintenanceWindowsPath } from '../../../lib/alerts-api';
import { type FieldErrors, placeProblem } from '../../../lib/form-errors';
import { CRON_EXAMPLES, emptyMaintenanceForm, MAINTENANCE_FIELDS, type MaintenanceField, type MaintenanceForm, maintenanceFormFrom, maintenanceRequestFromForm, knownTimeZones, timeZoneChoices } from '../../../lib/maintenance-form';
import { ErrorBanner } from '../../common/status';
import { AlertMatchersEditor } from '../common/alert-matchers-editor';
import { FieldError, invalidProps } from '../../common/field-error';
import { FormActions } from '../../common/form-actions';

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A recurring window: when it starts (cron, in its time zone), how long it lasts, and which alerts it mutes. */
export function MaintenanceEditor({ projectId, window, onSaved, onCancel }: { projectId: string; window?: MaintenanceWindow; onSaved(): void; onCancel(): void }) {
  const [form, setForm] = useState<MaintenanceForm>(() => (window ? maintenanceFormFrom(window) : emptyMaintenanceForm(browserTimeZone())));
  const [errors, setErrors] = useState<FieldErrors<MaintenanceField>>({});
  const save = useAction();
  const zones = useMemo(() => timeZoneChoices(form.timezone, knownTimeZones()), [form.timezone]);
  const update = (change: Partial<MaintenanceForm>) => setForm((previous) => ({ ...previous, ...change }));
  const id = (field: MaintenanceField) => `${window ? `maintenance-${window.id}` : 'maintenance-new'}-${field}-error`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = maintenanceRequestFromForm(form);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    const saved = await save.run('save', async () => {
      try {
        return await apiJson(maintenanceWindowsPath(projectId, window?.id), maintenanceWindowSchema, { method: window ? 'PUT' : 'POST', json: result.request });
      } catch (caught) {
        const apiError = asApiError(caught);
        setErrors(placeProblem(apiError.problem, MAINTENANCE_FIELDS).fields);
        throw apiError;
      }
    });
    if (saved) onSaved();
  }

  return (
    <form className="card maintenance-form" onSubmit={(event) => void submit(event)} noValidate data-testid="maintenance-form">
      <h2>{window ? `Edit ${window.name}` : 'New maintenance window'}</h2>
      {save.error ? <ErrorBanner error={save.error} /> : null}
      <div className="form-grid">
        <label className="wide">
          Name
          <input data-testid="maintenance-name" maxLength={200} placeholder="e.g. weekly database upgrade" value={form.name} onChange={(event) => update({ name: event.target.value })} {...invalidProps(id('name'), errors.name)} />
          <FieldError id={id('name')} message={errors.name} />
        </label>
        <label>
          Starts (cron: minute hour day month weekday)
          <input data-testid="maintenance-cron" className="mono" value={form.cron} spellCheck={false} onChange={(event) => update({ cron: event.target.value })} {...invalidProps(id('cron'), errors.cron)} />
          <span className="small muted">
            {CRON_EXAMPLES.map((example) => (
              <span key={example.cron} className="block">
                <code>{example.cron}</code> {example.meaning}
              </span>
            ))}
          </span>
          <FieldError id={id('cron')} message={errors.cron} />
        </label>
        <label>
          Lasts
          <input className="duration" data-testid="maintenance-duration" value={form.duration} onChange={(event) => update({ duration: event.target.value })} {...invalidProps(id('durationMinutes'), errors.durationMinutes)} />
          <FieldError id={id('durationMinutes')} message={errors.durationMinutes} />
        </label>
        <label>
          Time zone
          <select data-testid="maintenance-timezone" value={form.timezone} onChange={(event) => update({ timezone: event.target.value })} {...invalidProps(id('timezone'), errors.timezone)}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
          <FieldError id={id('timezone')} message={errors.timezone} />
        </label>
      </div>
      <AlertMatchersEditor projectId={projectId} matchers={form.matchers} onChange={(matchers) => update({ matchers })} legend="Mutes alerts whose labels match (none: every alert)" testId="maintenance-matchers" error={errors.matchers} />
      <label className="checkbox">
        <input type="checkbox" data-testid="maintenance-enabled" checked={form.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
        <span>Enabled</span>
      </label>
      <FormActions submitLabel={window ? 'Save window' : 'Create window'} submitTestId="save-maintenance" busy={save.pending !== undefined} cancel={onCancel} />
    </form>
  );
}
