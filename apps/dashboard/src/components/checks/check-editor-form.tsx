'use client';

import { CHECK_KINDS, type CheckKind, type CheckRequest, checkCreatedResponseSchema, checkRunResponseSchema, checkSchema, type CheckView } from '@vigil/contracts';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useChecks } from '../../hooks/use-checks';
import { apiJson, asApiError } from '../../lib/api-client';
import { CHECK_FIELDS, type CheckFieldErrors, type CheckForm, checkRequestFromForm, fieldErrorId } from '../../lib/check-form';
import { checkPath, checksPath } from '../../lib/checks-api';
import { placeProblem } from '../../lib/form-errors';
import { KeyValueEditor } from '../alerts/common/key-value-editor';
import { FieldError, invalidProps } from '../common/field-error';
import { FIELDS_MARKED, FormActions } from '../common/form-actions';
import { SecretField } from '../common/secret-field';
import { FormProblems } from '../common/status';
import { Checkbox, TextField } from './check-fields';
import { CheckPicker } from './check-picker';
import { CheckSpecFields } from './check-spec-fields';

const KIND_NAMES: Record<CheckKind, string> = { http: 'HTTP(S)', tcp: 'TCP connect', dns: 'DNS', push: 'Push (a job pings it)' };

/** The check page's query after "Save and run now": when the run was asked for and where, so the page shows its results. */
export function runQuery(at: number, regions: readonly string[]): string {
  return `run=${at}&regions=${encodeURIComponent(regions.join(','))}`;
}

/**
 * Creating or editing a check: checked with the contract's schema before sending, the API's 400
 * placed on the same fields. "Save and run now" saves, queues a run in every region and opens the
 * check's page, which shows that run's results (the API runs saved checks only). A new push
 * check's ping URL is shown here once.
 */
export function CheckEditorForm({ initial, check }: { initial: CheckForm; check?: CheckView }) {
  const { projectId, href } = useChecks();
  const router = useRouter();
  const [form, setForm] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const [apiErrors, setApiErrors] = useState<CheckFieldErrors>({});
  const [apiUnplaced, setApiUnplaced] = useState<string[]>([]);
  const [created, setCreated] = useState<{ id: string; pushUrl: string } | undefined>();
  const save = useAction();
  const update = (change: Partial<CheckForm>) => setForm((previous) => ({ ...previous, ...change }));
  const checked = useMemo(() => checkRequestFromForm(form), [form]);
  const errors: CheckFieldErrors = { ...apiErrors, ...(attempted && !checked.ok ? checked.errors : {}) };
  const unplaced = [...apiUnplaced, ...(attempted && !checked.ok ? checked.unplaced : [])];
  const probed = form.kind !== 'push';

  async function send(request: CheckRequest): Promise<{ id: string; pushUrl: string | null }> {
    try {
      if (check) return { id: (await apiJson(checkPath(projectId, check.id), checkSchema, { method: 'PUT', json: request })).id, pushUrl: null };
      const answer = await apiJson(checksPath(projectId), checkCreatedResponseSchema, { method: 'POST', json: request });
      return { id: answer.check.id, pushUrl: answer.pushUrl };
    } catch (caught) {
      const apiError = asApiError(caught);
      const placed = placeProblem(apiError.problem, CHECK_FIELDS);
      setApiErrors(placed.fields);
      setApiUnplaced(placed.unplaced);
      throw apiError;
    }
  }

  async function submit(runAfter: boolean) {
    setAttempted(true);
    setApiErrors({});
    setApiUnplaced([]);
    const result = checked;
    if (!result.ok) return;
    const saved = await save.run('save', async () => {
      const answer = await send(result.request);
      if (!runAfter || !result.request.enabled) return { ...answer, run: '' };
      const at = Date.now();
      const { queued } = await apiJson(checkPath(projectId, answer.id, 'run'), checkRunResponseSchema, { method: 'POST' });
      return { ...answer, run: runQuery(at, queued) };
    });
    if (!saved) return;
    if (saved.pushUrl) setCreated({ id: saved.id, pushUrl: saved.pushUrl });
    else {
      const page = href(saved.id);
      router.push(saved.run ? `${page}${page.includes('?') ? '&' : '?'}${saved.run}` : page);
    }
  }

  if (created) {
    return (
      <section className="card" data-testid="push-created">
        <h2>Check created</h2>
        <p>Copy the ping URL now: it is shown only once (Vigil keeps only its hash). Have the job GET or POST it when it succeeds.</p>
        <SecretField secret={created.pushUrl} label="Ping URL" testIds={{ input: 'push-url-value', copy: 'push-url-copy', status: 'push-url-copy-status' }} />
        <Link className="button primary" href={href(created.id)} data-testid="open-created-check">
          Open the check
        </Link>
      </section>
    );
  }

  return (
    <form className="check-form" onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        void submit(false);
      }} noValidate data-testid="check-form">
      <FormProblems error={save.error} unplaced={unplaced} testId="check-form-problems" />
      <section className="card form-grid">
        {check ? null : (
          <fieldset className="kind-picker" data-testid="check-kind">
            <legend>Kind</legend>
            {CHECK_KINDS.map((kind) => (
              <label key={kind} className="checkbox">
                <input type="radio" name="kind" value={kind} data-testid={`check-kind-${kind}`} checked={form.kind === kind} onChange={() => update({ kind })} />
                {KIND_NAMES[kind]}
              </label>
            ))}
          </fieldset>
        )}
        <TextField className="wide" label="Name" field="name" value={form.name} onChange={(name) => update({ name })} errors={errors} testId="check-name" placeholder="e.g. Checkout API" />
        <TextField className="wide" label="Description" field="description" value={form.description} onChange={(description) => update({ description })} errors={errors} testId="check-description" />
        <Checkbox label="Enabled (unchecked: paused, no runs and no alerts)" checked={form.enabled} onChange={(enabled) => update({ enabled })} testId="check-enabled" />
      </section>
      <CheckSpecFields form={form} update={update} errors={errors} />
      <section className="card form-grid" data-testid="check-schedule">
        {probed ? (
          <>
            <TextField label="Interval" field="intervalSeconds" value={form.interval} onChange={(interval) => update({ interval })} errors={errors} testId="check-interval" hint="10s to 24h: 30s, 1m, 5m …" />
            <TextField label="Timeout (ms)" field="timeoutMs" value={form.timeoutMs} onChange={(timeoutMs) => update({ timeoutMs })} errors={errors} testId="check-timeout" />
            <TextField label="Retries" field="retries" value={form.retries} onChange={(retries) => update({ retries })} errors={errors} testId="check-retries" hint="Failed runs after the first before a region says down." />
            <TextField label="Regions" field="regions" value={form.regions} onChange={(regions) => update({ regions })} errors={errors} testId="check-regions" hint="Commas between; empty: every region with a prober." />
            <TextField label="Quorum" field="quorum" value={form.quorum} onChange={(quorum) => update({ quorum })} errors={errors} testId="check-quorum" hint="Regions that must say down for the check to be down." />
          </>
        ) : null}
        <label>
          Depends on
          <CheckPicker value={form.parentId} onChange={(parentId) => update({ parentId })} label="Parent check" testId="check-parent" exclude={check?.id} noneLabel="no parent" invalid={invalidProps(fieldErrorId('parentId'), errors.parentId)} />
          <span className="small muted">While the parent is down, this check is measured but raises no alert of its own.</span>
          <FieldError id={fieldErrorId('parentId')} message={errors.parentId} />
        </label>
        <div className="wide">
          <KeyValueEditor legend="Labels" rows={form.labels} onChange={(labels) => update({ labels })} keyPlaceholder="team" valuePlaceholder="payments" testId="check-labels" error={errors.labels} />
          <FieldError id={fieldErrorId('labels')} message={errors.labels} />
        </div>
      </section>
      <FormActions
        submitLabel={check ? 'Save check' : 'Create check'}
        submitTestId="save-check"
        busy={save.pending !== undefined}
        cancel={check ? href(check.id) : href('')}
        problem={Object.keys(errors).length > 0 ? FIELDS_MARKED : undefined}
        statusTestId="check-form-status"
      >
        {probed && form.enabled ? (
          <button type="button" disabled={save.pending !== undefined} data-testid="save-and-run-check" onClick={() => void submit(true)}>
            {check ? 'Save and run now' : 'Create and run now'}
          </button>
        ) : null}
      </FormActions>
    </form>
  );
}
