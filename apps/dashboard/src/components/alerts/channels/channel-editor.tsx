'use client';

import { type Channel, CHANNEL_KINDS, type ChannelKind, channelSchema, type ChannelWithSecretResponse, channelWithSecretResponseSchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useAction } from '../../../hooks/use-action';
import { apiJson, asApiError } from '../../../lib/api-client';
import { channelsPath } from '../../../lib/alerts-api';
import { CHANNEL_FIELDS, CHANNEL_KIND_LABELS, type ChannelField, type ChannelForm, channelFormFrom, createChannelRequest, emptyChannelForm, updateChannelRequest } from '../../../lib/channel-form';
import { type FieldErrors, placeProblem } from '../../../lib/form-errors';
import { ErrorBanner } from '../../common/status';
import { FieldError, invalidProps } from '../../common/field-error';
import { FormActions } from '../../common/form-actions';
import { KeyValueEditor } from '../common/key-value-editor';

export type ChannelEditorProps =
  | { projectId: string; channel?: undefined; onCreated(created: ChannelWithSecretResponse): void; onCancel(): void }
  | { projectId: string; channel: Channel; onSaved(channel: Channel): void; onCancel(): void };

/** Creating a channel (its secret comes back once) or changing one (only what changed is sent). */
export function ChannelEditor(props: ChannelEditorProps) {
  const { projectId, channel, onCancel } = props;
  const [form, setForm] = useState<ChannelForm>(() => (channel ? channelFormFrom(channel) : emptyChannelForm()));
  const [errors, setErrors] = useState<FieldErrors<ChannelField>>({});
  const [notice, setNotice] = useState('');
  const save = useAction();
  const update = (change: Partial<ChannelForm>) => setForm((previous) => ({ ...previous, ...change }));
  const prefix = channel ? `channel-edit-${channel.id}` : 'channel-new';

  async function send<T>(work: () => Promise<T>): Promise<T | undefined> {
    return save.run('save', async () => {
      try {
        return await work();
      } catch (caught) {
        const apiError = asApiError(caught);
        setErrors(placeProblem(apiError.problem, CHANNEL_FIELDS).fields);
        throw apiError;
      }
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice('');
    if (!props.channel) {
      const result = createChannelRequest(form);
      if (!result.ok) return setErrors(result.errors);
      setErrors({});
      const created = await send(() => apiJson(channelsPath(projectId), channelWithSecretResponseSchema, { method: 'POST', json: result.request }));
      if (created) props.onCreated(created);
      return;
    }
    const result = updateChannelRequest(form, props.channel);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    if (result.request === undefined) return setNotice('Nothing to save: this is what is stored.');
    const edited = props.channel;
    const saved = await send(() => apiJson(channelsPath(projectId, edited.id), channelSchema, { method: 'PATCH', json: result.request }));
    if (saved) props.onSaved(saved);
  }

  const id = (field: ChannelField) => `${prefix}-${field}-error`;
  return (
    <form className="card channel-form" onSubmit={(event) => void submit(event)} noValidate data-testid="channel-form">
      <h2>{channel ? `Edit ${channel.name}` : 'New channel'}</h2>
      {save.error ? <ErrorBanner error={save.error} /> : null}
      <div className="form-grid">
        <label>
          Name
          <input data-testid="channel-name" maxLength={200} placeholder="e.g. on-call" value={form.name} onChange={(event) => update({ name: event.target.value })} {...invalidProps(id('name'), errors.name)} />
          <FieldError id={id('name')} message={errors.name} />
        </label>
        <label>
          Kind
          <select data-testid="channel-kind" value={form.kind} disabled={channel !== undefined} onChange={(event) => update({ kind: event.target.value as ChannelKind })}>
            {CHANNEL_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {CHANNEL_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          URL
          <input data-testid="channel-url" type="url" placeholder="https://hooks.example.com/vigil" value={form.url} spellCheck={false} onChange={(event) => update({ url: event.target.value })} {...invalidProps(id('url'), errors.url)} />
          <FieldError id={id('url')} message={errors.url} />
        </label>
      </div>
      {channel ? (
        <label className="checkbox">
          <input type="checkbox" data-testid="channel-replace-headers" checked={form.replaceHeaders} onChange={(event) => update({ replaceHeaders: event.target.checked, headers: [] })} />
          <span>
            Replace the headers{channel.headerNames.length > 0 ? ` (stored: ${channel.headerNames.join(', ')}; their values are never shown)` : ''}
          </span>
        </label>
      ) : null}
      {form.replaceHeaders ? (
        <KeyValueEditor legend="Headers" rows={form.headers} onChange={(headers) => update({ headers })} keyPlaceholder="authorization" valuePlaceholder="Bearer …" testId="channel-headers" error={errors.headers} secretValues />
      ) : null}
      <details className="templates" open={Boolean(form.titleTemplate || form.bodyTemplate)}>
        <summary>Templates (Mustache; empty: the default)</summary>
        <label>
          Title
          <input data-testid="channel-title-template" placeholder="[{{statusUpper}}] {{ruleNames}}" value={form.titleTemplate} onChange={(event) => update({ titleTemplate: event.target.value })} {...invalidProps(id('titleTemplate'), errors.titleTemplate)} />
          <FieldError id={id('titleTemplate')} message={errors.titleTemplate} />
        </label>
        <label>
          Body
          <textarea data-testid="channel-body-template" rows={5} placeholder="{{#alerts}}{{statusUpper}} {{ruleName}} {{dashboardUrl}}{{/alerts}}" value={form.bodyTemplate} onChange={(event) => update({ bodyTemplate: event.target.value })} {...invalidProps(id('bodyTemplate'), errors.bodyTemplate)} />
          <FieldError id={id('bodyTemplate')} message={errors.bodyTemplate} />
        </label>
        <p className="small muted">
          Fields such as <code>{'{{statusUpper}}'}</code>, <code>{'{{ruleNames}}'}</code>, <code>{'{{#alerts}}…{{/alerts}}'}</code> with <code>{'{{labels.service}}'}</code>: see the alerting docs. Saving checks every field name.
        </p>
      </details>
      <FormActions submitLabel={channel ? 'Save channel' : 'Create channel'} submitTestId="save-channel" busy={save.pending !== undefined} cancel={onCancel} status={notice} />
    </form>
  );
}
