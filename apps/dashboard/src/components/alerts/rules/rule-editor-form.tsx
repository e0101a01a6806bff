'use client';

import { ALERT_RULE_KINDS, type AlertRule, alertRuleSchema } from '@vigil/contracts';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { useAlerting } from '../../../hooks/use-alerting';
import { apiJson, asApiError } from '../../../lib/api-client';
import { alertRulesPath } from '../../../lib/alerts-api';
import { placeProblem } from '../../../lib/form-errors';
import { KIND_LABELS, RULE_FIELDS, type RuleFieldErrors, type RuleForm, ruleRequestFromForm } from '../../../lib/rule-form';
import { FormProblems } from '../../common/status';
import { FieldError, invalidProps } from '../../common/field-error';
import { FIELDS_MARKED, FormActions } from '../../common/form-actions';
import { KeyValueEditor } from '../common/key-value-editor';
import { LogCountFields } from './log-count-fields';
import { MetricSelectorFields } from './metric-selector-fields';
import { RulePreview } from './rule-preview';
import { ThresholdFields, TimingFields } from './threshold-fields';

export interface RuleEditorFormProps {
  initial: RuleForm;
  /** The rule being edited; undefined: a new one. */
  rule?: AlertRule;
}

/**
 * Creating or editing a rule. Every field is checked with the contract's schema before sending
 * (messages next to the fields), the API's 400 is placed the same way by its `errors[].path`,
 * and the preview follows the form as it changes. Saving opens the rule's page.
 */
export function RuleEditorForm({ initial, rule }: RuleEditorFormProps) {
  const { projectId, href } = useAlerting();
  const router = useRouter();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<RuleFieldErrors>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const save = useAction();
  const update = (change: Partial<RuleForm>) => setForm((previous) => ({ ...previous, ...change }));

  // The preview needs no name yet: it previews the condition.
  const checked = useMemo(() => ruleRequestFromForm({ ...form, name: form.name.trim() || 'Preview' }), [form]);
  const preview = checked.ok ? { ok: true as const, request: checked.request } : { ok: false as const, reason: firstProblem(checked.errors, checked.unplaced) };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = ruleRequestFromForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      setUnplaced(result.unplaced);
      return;
    }
    setErrors({});
    setUnplaced([]);
    const saved = await save.run('save', async () => {
      try {
        return await apiJson(alertRulesPath(projectId, rule?.id), alertRuleSchema, { method: rule ? 'PUT' : 'POST', json: result.request });
      } catch (caught) {
        // The API's 400 names fields by path; they are marked as the form's own checks are.
        const apiError = asApiError(caught);
        setErrors(placeProblem(apiError.problem, RULE_FIELDS).fields);
        throw apiError;
      }
    });
    if (saved) router.push(href(`rules/${saved.id}`));
  }

  const side = (name: 'query' | 'numerator' | 'denominator', title: string) => (
    <MetricSelectorFields projectId={projectId} side={name} title={title} value={form[name]} onChange={(value) => update({ [name]: value })} errors={errors} />
  );

  return (
    <form className="rule-form" onSubmit={(event) => void submit(event)} noValidate data-testid="rule-form">
      <FormProblems error={save.error} unplaced={unplaced} testId="rule-form-problems" />
      <section className="card form-grid">
        <label className="wide">
          Name
          <input data-testid="rule-name" maxLength={200} value={form.name} placeholder="e.g. Checkout error ratio" onChange={(event) => update({ name: event.target.value })} {...invalidProps('rule-name-error', errors.name)} />
          <FieldError id="rule-name-error" message={errors.name} />
        </label>
        <label className="wide">
          Description
          <input data-testid="rule-description" maxLength={4000} value={form.description} placeholder="What it means when this fires" onChange={(event) => update({ description: event.target.value })} />
        </label>
        <fieldset className="kind-picker" disabled={rule !== undefined}>
          <legend>Kind{rule ? ' (fixed once created)' : ''}</legend>
          <div className="range" role="radiogroup" aria-label="Rule kind" data-testid="rule-kind">
            {ALERT_RULE_KINDS.map((kind) => (
              <button key={kind} type="button" role="radio" aria-checked={form.kind === kind} className={form.kind === kind ? 'selected' : undefined} data-kind={kind} onClick={() => update({ kind })}>
                {KIND_LABELS[kind]}
              </button>
            ))}
          </div>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" data-testid="rule-enabled" checked={form.enabled} onChange={(event) => update({ enabled: event.target.checked })} />
          <span>Enabled: evaluated from now on</span>
        </label>
      </section>

      <section className="card condition">
        <h2>Condition</h2>
        {form.kind === 'metric_threshold' ? side('query', 'Metric') : null}
        {form.kind === 'metric_ratio' ? (
          <>
            {side('numerator', 'Numerator (e.g. failed requests)')}
            {side('denominator', 'Denominator (e.g. all requests)')}
            <label className="checkbox">
              <input type="checkbox" data-testid="rule-percent" checked={form.percent} onChange={(event) => update({ percent: event.target.checked })} />
              <span>In percent (× 100)</span>
            </label>
          </>
        ) : null}
        {form.kind === 'log_count' ? <LogCountFields projectId={projectId} value={form.log} onChange={(log) => update({ log })} errors={errors} /> : null}
        <ThresholdFields form={form} onChange={update} errors={errors} />
        <FieldError id="rule-spec-error" message={errors.spec} />
      </section>

      <RulePreview projectId={projectId} rule={preview} />

      <section className="card">
        <h2>Evaluation</h2>
        <TimingFields form={form} onChange={update} errors={errors} />
      </section>

      <section className="card key-values-card">
        <KeyValueEditor legend="Labels" rows={form.labels} onChange={(labels) => update({ labels })} keyPlaceholder="team" valuePlaceholder="payments" testId="rule-labels" error={errors.labels} />
        <KeyValueEditor
          legend="Annotations"
          rows={form.annotations}
          onChange={(annotations) => update({ annotations })}
          keyPlaceholder="summary"
          valuePlaceholder="Checkout is failing requests"
          testId="rule-annotations"
          error={errors.annotations}
        />
        <p className="small muted">Labels are added to every alert of the rule, for policies and silences to match; annotations (summary, runbook URL…) go into notifications.</p>
      </section>

      <FormActions
        submitLabel={rule ? 'Save rule' : 'Create rule'}
        submitTestId="save-rule"
        busy={save.pending !== undefined}
        cancel={rule ? href(`rules/${rule.id}`) : href('rules')}
        problem={Object.keys(errors).length > 0 ? FIELDS_MARKED : undefined}
        statusTestId="rule-form-status"
      />
    </form>
  );
}

function firstProblem(errors: RuleFieldErrors, unplaced: readonly string[]): string {
  const [field, message] = Object.entries(errors)[0] ?? [];
  return field ? `${field.replace(/^spec\./, '')}: ${message}` : (unplaced[0] ?? 'complete the condition');
}
