'use client';

import { channelListResponseSchema, type FailoverGroupView, failoverGroupSchema } from '@vigil/contracts';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useApiResource } from '../../hooks/use-api-resource';
import { useChecks } from '../../hooks/use-checks';
import { apiJson, asApiError } from '../../lib/api-client';
import { channelsPath, failoverGroupPath, failoverGroupsPath } from '../../lib/checks-api';
import { addTarget, emptyFailoverForm, type FailoverForm, failoverFormFromGroup, failoverProblems, failoverRequestFromForm, moveTarget, type TargetForm } from '../../lib/failover-form';
import { CheckPicker } from '../checks/check-picker';
import { FieldError, invalidProps } from '../common/field-error';
import { FormActions } from '../common/form-actions';
import { ErrorBanner, FormProblems, Loading } from '../common/status';

/** Checks → Failover groups → New, or a group's Edit: the form, loaded with the stored group when editing. */
export function FailoverGroupEditor({ groupId }: { groupId?: string }) {
  const { projectId, canConfigure } = useChecks();
  const loaded = useApiResource(groupId ? `failover-group:${projectId}:${groupId}` : null, (signal) => apiJson(failoverGroupPath(projectId, groupId ?? ''), failoverGroupSchema, { signal }));
  const group = loaded.data;
  return (
    <>
      <div className="page-title">
        <h1>{groupId ? `Edit ${group?.name ?? 'failover group'}` : 'New failover group'}</h1>
      </div>
      {canConfigure ? null : (
        <p className="card muted" data-testid="failover-editor-forbidden">
          Your role in this project reads failover groups but does not change them; ask an editor, admin or owner.
        </p>
      )}
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading ? <Loading what="the failover group" /> : null}
      {canConfigure && !groupId ? <FailoverGroupForm initial={emptyFailoverForm()} /> : null}
      {canConfigure && group ? <FailoverGroupForm key={group.id} initial={failoverFormFromGroup(group)} group={group} /> : null}
    </>
  );
}

/** The group's targets in order (primary first), fall/rise/quorum and the channels told of switches; the API's 400 placed on the fields. */
function FailoverGroupForm({ initial, group }: { initial: FailoverForm; group?: FailoverGroupView }) {
  const { projectId, href } = useChecks();
  const router = useRouter();
  const [form, setForm] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const [apiProblems, setApiProblems] = useState<ReturnType<typeof failoverProblems> | undefined>();
  const channels = useApiResource(`channels:${projectId}`, (signal) => apiJson(channelsPath(projectId), channelListResponseSchema, { signal }));
  const save = useAction();
  const update = (change: Partial<FailoverForm>) => setForm((previous) => ({ ...previous, ...change }));
  const setTarget = (index: number, change: Partial<TargetForm>) => update({ targets: form.targets.map((target, position) => (position === index ? { ...target, ...change } : target)) });
  const checked = useMemo(() => failoverRequestFromForm(form), [form]);
  const own = attempted && !checked.ok ? checked : undefined;
  const errors = { ...apiProblems?.errors, ...own?.errors };
  const targetErrors = { ...apiProblems?.targetErrors, ...own?.targetErrors };
  const unplaced = [...(apiProblems?.unplaced ?? []), ...(own?.unplaced ?? [])];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttempted(true);
    setApiProblems(undefined);
    if (!checked.ok) return;
    const request = checked.request;
    const saved = await save.run('save', async () => {
      try {
        return await apiJson(group ? failoverGroupPath(projectId, group.id) : failoverGroupsPath(projectId), failoverGroupSchema, { method: group ? 'PUT' : 'POST', json: request });
      } catch (caught) {
        const apiError = asApiError(caught);
        setApiProblems(failoverProblems(apiError.problem.errors ?? []));
        throw apiError;
      }
    });
    if (saved) router.push(href(`failover-groups/${saved.id}`));
  }

  const number = (field: 'fall' | 'rise' | 'quorum', label: string, hint: string) => (
    <label className="number">
      {label}
      <input data-testid={`failover-${field}`} value={form[field]} onChange={(event) => update({ [field]: event.target.value })} {...invalidProps(`failover-${field}-error`, errors[field])} />
      <span className="small muted">{hint}</span>
      <FieldError id={`failover-${field}-error`} message={errors[field]} />
    </label>
  );

  return (
    <form className="failover-form" onSubmit={(event) => void submit(event)} noValidate data-testid="failover-form">
      <FormProblems error={save.error} unplaced={unplaced} testId="failover-form-problems" />
      <section className="card form-grid">
        <label className="wide">
          Name
          <input data-testid="failover-name" value={form.name} placeholder="e.g. web" onChange={(event) => update({ name: event.target.value })} {...invalidProps('failover-name-error', errors.name)} />
          <FieldError id="failover-name-error" message={errors.name} />
        </label>
        {number('fall', 'Fall', 'Failed results in a row before a target is unhealthy.')}
        {number('rise', 'Rise', 'Good results in a row before it is healthy again.')}
        {number('quorum', 'Quorum', 'Regions that must find a target unhealthy.')}
      </section>
      <section className="card" data-testid="failover-targets-fields">
        <h2>Targets</h2>
        <p className="small muted">Primary first, then standbys in order of preference. Name each as your load balancer names the server; each is watched by one HTTP, TCP or DNS check.</p>
        {form.targets.map((target, index) => (
          <div key={index} className="target-row" data-testid="failover-target-fields">
            <span className="order">{index + 1}.</span>
            <input aria-label={`Target ${index + 1} name`} data-testid="failover-target-name" placeholder={index === 0 ? 'primary' : 'standby'} value={target.name} onChange={(event) => setTarget(index, { name: event.target.value })} />
            <input aria-label={`Target ${index + 1} address`} data-testid="failover-target-address" placeholder="10.0.0.1:8080" value={target.address} onChange={(event) => setTarget(index, { address: event.target.value })} />
            <CheckPicker value={target.checkId} onChange={(checkId) => setTarget(index, { checkId })} label={`Target ${index + 1} check`} testId="failover-target-check" kinds={['http', 'tcp', 'dns']} />
            <span className="button-row">
              <button type="button" aria-label={`Move target ${index + 1} up`} disabled={index === 0} onClick={() => update({ targets: moveTarget(form.targets, index, -1) })}>
                ↑
              </button>
              <button type="button" aria-label={`Move target ${index + 1} down`} disabled={index === form.targets.length - 1} onClick={() => update({ targets: moveTarget(form.targets, index, 1) })}>
                ↓
              </button>
              <button type="button" aria-label={`Remove target ${index + 1}`} onClick={() => update({ targets: form.targets.filter((_, position) => position !== index) })}>
                ×
              </button>
            </span>
            {targetErrors[index] ? (
              <span className="field-error wide" data-testid="failover-target-error">
                {targetErrors[index]}
              </span>
            ) : null}
          </div>
        ))}
        <FieldError id="failover-targets-error" message={errors.targets} />
        <button type="button" data-testid="failover-add-target" onClick={() => update({ targets: addTarget(form.targets) })}>
          Add a standby
        </button>
      </section>
      <section className="card">
        <fieldset className="checkbox-group" data-testid="failover-channels">
          <legend>Tell these channels of every switch</legend>
          {(channels.data?.channels ?? []).map((channel) => (
            <label key={channel.id} className="checkbox">
              <input
                type="checkbox"
                checked={form.channelIds.includes(channel.id)}
                onChange={(event) => update({ channelIds: event.target.checked ? [...form.channelIds, channel.id] : form.channelIds.filter((id) => id !== channel.id) })}
              />
              {channel.name} <span className="muted small">({channel.kind})</span>
            </label>
          ))}
          {channels.data && channels.data.channels.length === 0 ? <span className="muted small">No notification channels yet (Alerts → Channels); a load balancer can also long-poll the group&apos;s /active endpoint.</span> : null}
        </fieldset>
        {channels.error ? <ErrorBanner error={channels.error} onRetry={channels.reload} /> : null}
        <FieldError id="failover-channelIds-error" message={errors.channelIds} />
      </section>
      <FormActions
        submitLabel={group ? 'Save group' : 'Create group'}
        submitTestId="save-failover-group"
        busy={save.pending !== undefined}
        cancel={group ? href(`failover-groups/${group.id}`) : href('failover-groups')}
      />
    </form>
  );
}
