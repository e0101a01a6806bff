import { type Channel, type ChannelKind, type CreateChannelRequest, createChannelRequestSchema, type UpdateChannelRequest, updateChannelRequestSchema } from '@vigil/contracts';
import { failed, type FieldErrors, type FormResult, placeErrors } from './form-errors';
import { type KeyValueRow, recordFromRows } from './key-value-rows';

export interface ChannelForm {
  name: string;
  kind: ChannelKind;
  url: string;
  /** Typed header rows. A stored channel's values are never shown again, so editing starts without rows. */
  headers: KeyValueRow[];
  /** Editing: replace the stored headers with the rows (none: remove them all); else keep them. */
  replaceHeaders: boolean;
  /** Empty: the kind's default template. */
  titleTemplate: string;
  bodyTemplate: string;
  enabled: boolean;
}

export const CHANNEL_FIELDS = ['name', 'kind', 'url', 'headers', 'titleTemplate', 'bodyTemplate', 'enabled'] as const;
export type ChannelField = (typeof CHANNEL_FIELDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = { webhook: 'Webhook (Vigil JSON)', alertmanager: 'Alertmanager webhook (v4)', slack: 'Slack incoming webhook' };

export function emptyChannelForm(): ChannelForm {
  return { name: '', kind: 'webhook', url: '', headers: [], replaceHeaders: true, titleTemplate: '', bodyTemplate: '', enabled: true };
}

export function channelFormFrom(channel: Channel): ChannelForm {
  return {
    name: channel.name,
    kind: channel.kind,
    url: channel.url,
    headers: [],
    replaceHeaders: false,
    titleTemplate: channel.titleTemplate ?? '',
    bodyTemplate: channel.bodyTemplate ?? '',
    enabled: channel.enabled,
  };
}

function readHeaders(form: ChannelForm, own: FieldErrors<ChannelField>): Record<string, string> {
  const read = recordFromRows(form.headers);
  if (!read.ok) own.headers = read.message;
  return read.ok ? read.record : {};
}

export function createChannelRequest(form: ChannelForm): FormResult<CreateChannelRequest, ChannelField> {
  const own: FieldErrors<ChannelField> = {};
  const input = {
    name: form.name,
    kind: form.kind,
    url: form.url.trim(),
    headers: readHeaders(form, own),
    ...(form.titleTemplate.trim() ? { titleTemplate: form.titleTemplate } : {}),
    ...(form.bodyTemplate.trim() ? { bodyTemplate: form.bodyTemplate } : {}),
    enabled: form.enabled,
  };
  const parsed = createChannelRequestSchema.safeParse(input);
  if (parsed.success && Object.keys(own).length === 0) return { ok: true, request: parsed.data };
  return failed(own, parsed.success ? undefined : placeErrors(parsed.error.issues, CHANNEL_FIELDS));
}

/**
 * The PATCH for an edited channel: only what differs from `channel` (an emptied template
 * becomes null, the default again; headers only when replaced). `request` is undefined when
 * nothing changed. The kind cannot change (the API keeps it), so it is not sent.
 */
export function updateChannelRequest(form: ChannelForm, channel: Channel): FormResult<UpdateChannelRequest | undefined, ChannelField> {
  const own: FieldErrors<ChannelField> = {};
  const template = (typed: string, stored: string | null) => (typed.trim() === '' ? null : typed) === stored ? undefined : typed.trim() === '' ? null : typed;
  const input: Record<string, unknown> = {};
  if (form.name !== channel.name) input['name'] = form.name;
  if (form.url.trim() !== channel.url) input['url'] = form.url.trim();
  if (form.replaceHeaders) input['headers'] = readHeaders(form, own);
  const title = template(form.titleTemplate, channel.titleTemplate);
  if (title !== undefined) input['titleTemplate'] = title;
  const body = template(form.bodyTemplate, channel.bodyTemplate);
  if (body !== undefined) input['bodyTemplate'] = body;
  if (form.enabled !== channel.enabled) input['enabled'] = form.enabled;
  if (Object.keys(input).length === 0 && Object.keys(own).length === 0) return { ok: true, request: undefined };
  const parsed = updateChannelRequestSchema.safeParse(input);
  if (parsed.success && Object.keys(own).length === 0) return { ok: true, request: parsed.data };
  return failed(own, parsed.success ? undefined : placeErrors(parsed.error.issues, CHANNEL_FIELDS));
}

/** How long the old secret keeps signing after a rotation: the picker's choices, in seconds. */
export const ROTATION_OVERLAPS = [
  { seconds: 0, label: 'none: stop signing with the old secret now' },
  { seconds: 3_600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours (default)' },
  { seconds: 7 * 86_400, label: '7 days' },
] as const;
