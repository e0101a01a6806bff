'use client';

import { ALERT_SEVERITIES, type Channel, type Policy, policySchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { apiJson, asApiError } from '../../../lib/api-client';
import { policiesPath } from '../../../lib/alerts-api';
import { type FieldErrors, placeProblem } from '../../../lib/form-errors';
import { emptyPolicyForm, POLICY_FIELDS, type PolicyField, type PolicyForm, policyFormFrom, policyRequestFromForm } from '../../../lib/policy-form';
import { ErrorBanner } from '../../common/status';
import { AlertMatchersEditor } from '../common/alert-matchers-editor';
import { ChipsInput } from '../common/chips-input';
import { FieldError, invalidProps } from '../../common/field-error';
import { FormActions } from '../../common/form-actions';

export interface PolicyEditorProps {
  projectId: string;
  channels: readonly Channel[];
  /** The policy being edited; undefined: a new one, placed last. */
  policy?: Policy;
  onSaved(policy: Policy): void;
  onCancel(): void;
}

/** Which alerts (matchers, severities) go to which channels, grouped how, how often. */
export function PolicyEditor({ projectId, channels, policy, onSaved, onCancel }: PolicyEditorProps) {
  const [form, setForm] = useState<PolicyForm>(() => (policy ? policyFormFrom(policy) : emptyPolicyForm()));
  const [errors, setErrors] = useState<FieldErrors<PolicyField>>({});
  const save = useAction();
  const update = (change: Partial<PolicyForm>) => setForm((previous) => ({ ...previous, ...change }));
  const prefix = policy ? `policy-${policy.id}` : 'policy-new';
  const id = (field: PolicyField) => `${prefix}-${field}-error`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = policyRequestFromForm(form, policy?.position);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    const saved = await save.run('save', async () => {
      try {
        return await apiJson(policiesPath(projectId, policy?.id), policySchema, { method: policy ? 'PUT' : 'POST', json: result.request });
      } catch (caught) {
        const apiError = asApiError(caught);
        setErrors(placeProblem(apiError.problem, POLICY_FIELDS).fields);
        throw apiError;
      }
    });
    if (saved) onSaved(saved);
  }

  const toggle = <T,>(list: readonly T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((one) => one !== value));
  const duration = (label: string, field: 'groupWait' | 'groupInterval' | 'repeatInterval', error: PolicyField, hint: string) => (
    <label title={hint}>
      {label}
      <input className="duration" data-testid={`policy-${field}`} value={form[field]} onChange={(event) => update({ [field]: event.target.value })} {...invalidProps(id(error), errors[error])} />
      <FieldError id={id(error)} message={errors[error]} />
    </label>
  );

  return (
    <form className="card policy-form" onSubmit={(event) => void submit(event)} noValidate data-testid="policy-form">
      <h2>{policy ? `Edit ${policy.name}` : 'New policy'}</h2>
      {save.error ? <ErrorBanner error={save.error} /> : null}
      <label className="wide">
        Name
        <input data-testid="policy-name" maxLength={200} placeholder="e.g. critical to the pager" value={form.name} onChange={(event) => update({ name: event.target.value })} {...invalidProps(id('name'), errors.name)} />
        <FieldError id={id('name')} message={errors.name} />
      </label>
      <AlertMatchersEditor projectId={projectId} matchers={form.matchers} onChange={(matchers) => update({ matchers })} legend="Alerts whose labels match (none: every alert)" testId="policy-matchers" error={errors.matchers} />
      <fieldset className="checkbox-group" data-testid="policy-severities">
        <legend>Severities (none: both)</legend>
        {ALERT_SEVERITIES.map((severity) => (
          <label key={severity} className="checkbox">
            <input type="checkbox" checked={form.severities.includes(severity)} onChange={(event) => update({ severities: toggle(form.severities, severity, event.target.checked) })} />
            <span>{severity}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="checkbox-group" data-testid="policy-channels" aria-describedby={errors.channelIds ? id('channelIds') : undefined}>
        <legend>Send to</legend>
        {channels.map((channel) => (
          <label key={channel.id} className="checkbox">
            <input type="checkbox" value={channel.id} checked={form.channelIds.includes(channel.id)} onChange={(event) => update({ channelIds: toggle(form.channelIds, channel.id, event.target.checked) })} />
            <span>
              {channel.name} <span className="small muted">{channel.enabled ? channel.kind : `${channel.kind}, disabled`}</span>
            </span>
          </label>
        ))}
        <FieldError id={id('channelIds')} message={errors.channelIds} />
      </fieldset>
      <ChipsInput label="Group by labels" values={form.groupBy} onChange={(groupBy) => update({ groupBy })} placeholder="label, Enter" testId="policy-group-by" error={errors.groupBy} />
      <div className="controls">
        {duration('Group wait', 'groupWait', 'groupWaitSeconds', "After a group's first alert, wait this long for others to join (0: send at once)")}
        {duration('Group interval', 'groupInterval', 'groupIntervalSeconds', 'At least this long between notifications of a group that changed')}
        {duration('Repeat after', 'repeatInterval', 'repeatIntervalSeconds', 'Resend a group still firing, unchanged, after this long')}
      </div>
      <div className="controls">
        <label className="checkbox">
          <input type="checkbox" data-testid="policy-send-resolved" checked={form.sendResolved} onChange={(event) => update({ sendResolved: event.target.checked })} />
          <span>Notify when resolved</span>
        </label>
        <label className="checkbox">
          <input type="checkbox" data-testid="policy-continue" checked={form.continue} onChange={(event) => update({ continue: event.target.checked })} />
          <span>Continue to later policies after this one matches</span>
        </label>
        <label className="checkbox">
          <input type="checkbox" data-testid="policy-enabled" checked={form.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
          <span>Enabled</span>
        </label>
      </div>
      <FormActions submitLabel={policy ? 'Save policy' : 'Create policy'} submitTestId="save-policy" busy={save.pending !== undefined} cancel={onCancel} />
    </form>
  );
}
