'use client';

import { type Slo, sloSchema } from '@vigil/contracts';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useSlos } from '../../hooks/use-slos';
import { apiJson, asApiError } from '../../lib/api-client';
import { placeProblem } from '../../lib/form-errors';
import { previewSli, ROLLING_DAYS, SLO_FIELDS, type SloFieldErrors, type SloForm, sloRequestFromForm, windowLengthMs } from '../../lib/slo-form';
import { slosPath } from '../../lib/slos-api';
import { FieldError, invalidProps } from '../common/field-error';
import { FIELDS_MARKED, FormActions } from '../common/form-actions';
import { KeyValueEditor } from '../alerts/common/key-value-editor';
import { FormProblems } from '../common/status';
import { BurnRatePairs } from './burn-rate-pairs';
import { SliFields } from './sli-fields';
import { SliPreview } from './sli-preview';

/**
 * Creating or editing an SLO: checked with the contract's schema before sending, the API's 400
 * placed on the same fields, and the SLI previewed over the window as it changes. Saving opens
 * the SLO's page.
 */
export function SloEditorForm({ initial, slo }: { initial: SloForm; slo?: Slo }) {
  const { projectId, href } = useSlos();
  const router = useRouter();
  const [form, setForm] = useState(initial);
  // After a refused save the form's own checks follow every change, so a corrected field's
  // message goes away as it is corrected; the API's messages stay until the next save.
  const [attempted, setAttempted] = useState(false);
  const [apiErrors, setApiErrors] = useState<SloFieldErrors>({});
  const [apiUnplaced, setApiUnplaced] = useState<string[]>([]);
  const save = useAction();
  const update = (change: Partial<SloForm>) => setForm((previous) => ({ ...previous, ...change }));
  const checked = useMemo(() => sloRequestFromForm(form), [form]);
  const errors: SloFieldErrors = { ...apiErrors, ...(attempted && !checked.ok ? checked.errors : {}) };
  const unplaced = [...apiUnplaced, ...(attempted && !checked.ok ? checked.unplaced : [])];
  const sli = useMemo(() => previewSli(form), [form]);
  const objective = form.objective.trim() === '' ? undefined : Number(form.objective);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttempted(true);
    setApiErrors({});
    setApiUnplaced([]);
    const result = checked;
    if (!result.ok) return;
    const saved = await save.run('save', async () => {
      try {
        return await apiJson(slosPath(projectId, slo?.id), sloSchema, { method: slo ? 'PUT' : 'POST', json: result.request });
      } catch (caught) {
        const apiError = asApiError(caught);
        const placed = placeProblem(apiError.problem, SLO_FIELDS);
        setApiErrors(placed.fields);
        setApiUnplaced(placed.unplaced);
        throw apiError;
      }
    });
    if (saved) router.push(href(saved.id));
  }

  return (
    <form className="slo-form" onSubmit={(event) => void submit(event)} noValidate data-testid="slo-form">
      <FormProblems error={save.error} unplaced={unplaced} testId="slo-form-problems" />
      <section className="card form-grid">
        <label className="wide">
          Name
          <input data-testid="slo-name" maxLength={200} value={form.name} placeholder="e.g. Checkout availability" onChange={(event) => update({ name: event.target.value })} {...invalidProps('slo-name-error', errors.name)} />
          <FieldError id="slo-name-error" message={errors.name} />
        </label>
        <label className="wide">
          Description
          <input data-testid="slo-description" maxLength={1050} value={form.description} onChange={(event) => update({ description: event.target.value })} {...invalidProps('slo-description-error', errors.description)} />
          <FieldError id="slo-description-error" message={errors.description} />
        </label>
        <label>
          Service
          <input data-testid="slo-service" maxLength={256} value={form.service} placeholder="e.g. checkout" onChange={(event) => update({ service: event.target.value })} />
        </label>
      </section>

      <SliFields projectId={projectId} form={form} onChange={update} errors={errors} />

      <section className="card form-grid">
        <label className="number">
          Objective (%)
          <input data-testid="slo-objective" inputMode="decimal" value={form.objective} onChange={(event) => update({ objective: event.target.value })} {...invalidProps('slo-objective-error', errors.objective)} />
          <FieldError id="slo-objective-error" message={errors.objective} />
        </label>
        <label>
          Window
          <select
            data-testid="slo-window"
            value={form.windowKind === 'rolling' ? `rolling:${form.days}` : `calendar:${form.calendarUnit}`}
            onChange={(event) => {
              const [kind, value] = event.target.value.split(':') as [string, string];
              update(kind === 'rolling' ? { windowKind: 'rolling', days: value } : { windowKind: 'calendar', calendarUnit: value as SloForm['calendarUnit'] });
            }}
            {...invalidProps('slo-window-error', errors.window)}
          >
            {ROLLING_DAYS.map((days) => (
              <option key={days} value={`rolling:${days}`}>
                rolling {days} days
              </option>
            ))}
            {form.windowKind === 'rolling' && !ROLLING_DAYS.some((days) => String(days) === form.days) ? <option value={`rolling:${form.days}`}>rolling {form.days} days</option> : null}
            <option value="calendar:month">calendar month</option>
            <option value="calendar:quarter">calendar quarter</option>
          </select>
          <FieldError id="slo-window-error" message={errors.window} />
        </label>
        {form.windowKind === 'calendar' ? (
          <label>
            Time zone (IANA)
            <input data-testid="slo-time-zone" value={form.timeZone} placeholder="UTC" onChange={(event) => update({ timeZone: event.target.value })} />
          </label>
        ) : null}
      </section>

      <SliPreview projectId={projectId} sli={sli} objective={objective} rangeMs={windowLengthMs(form)} />

      <section className="card" data-testid="slo-alerting-fields">
        <h2>Alerts</h2>
        <label className="checkbox">
          <input type="checkbox" data-testid="slo-alerting-enabled" checked={form.alertingEnabled} onChange={(event) => update({ alertingEnabled: event.target.checked })} />
          <span>Alert on this SLO&apos;s error budget</span>
        </label>
        {form.alertingEnabled ? (
          <>
            <BurnRatePairs custom={form.customBurnRates} pairs={form.burnRates} onChange={update} error={errors['alerting.burnRates']} />
            <div className="form-grid">
              <label className="number">
                Minimum events per window
                <input data-testid="slo-min-events" inputMode="numeric" value={form.minEvents} title="A burn rate alerts only with at least this many valid events in each window, so one failure at night pages no one" onChange={(event) => update({ minEvents: event.target.value })} {...invalidProps('slo-min-events-error', errors['alerting.minEvents'])} />
                <FieldError id="slo-min-events-error" message={errors['alerting.minEvents']} />
              </label>
              <label className="number">
                Warn at budget left (%)
                <input data-testid="slo-budget-warning" inputMode="decimal" placeholder="none" value={form.budgetWarningPercent} onChange={(event) => update({ budgetWarningPercent: event.target.value })} {...invalidProps('slo-budget-warning-error', errors['alerting.budgetWarningPercent'])} />
                <FieldError id="slo-budget-warning-error" message={errors['alerting.budgetWarningPercent']} />
              </label>
              <label className="checkbox">
                <input type="checkbox" data-testid="slo-budget-exhausted" checked={form.budgetExhausted} onChange={(event) => update({ budgetExhausted: event.target.checked })} />
                <span>Critical when the budget is exhausted</span>
              </label>
            </div>
            <KeyValueEditor legend="Labels" rows={form.labels} onChange={(labels) => update({ labels })} keyPlaceholder="team" valuePlaceholder="payments" testId="slo-labels" error={errors['alerting.labels']} />
            <KeyValueEditor legend="Annotations" rows={form.annotations} onChange={(annotations) => update({ annotations })} keyPlaceholder="runbook_url" valuePlaceholder="https://…" testId="slo-annotations" error={errors['alerting.annotations']} />
          </>
        ) : null}
        <FieldError id="slo-alerting-error" message={errors.alerting} />
      </section>

      <FormActions
        submitLabel={slo ? 'Save SLO' : 'Create SLO'}
        submitTestId="save-slo"
        busy={save.pending !== undefined}
        cancel={slo ? href(slo.id) : href('')}
        problem={Object.keys(errors).length > 0 ? FIELDS_MARKED : undefined}
        statusTestId="slo-form-status"
      />
    </form>
  );
}
