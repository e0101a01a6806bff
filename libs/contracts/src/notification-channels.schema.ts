import { z } from 'zod';

/**
 * Notification channels (docs/alerting.md, Channels): where notifications go. Every kind is an
 * HTTP POST signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`)
 * with the channel's `whsec_` secret; the kind decides the body: Vigil's own JSON (`webhook`),
 * Alertmanager's webhook payload version 4 (`alertmanager`, so existing receivers work
 * unchanged), or a Slack incoming-webhook message (`slack`).
 */
export const CHANNEL_KINDS = ['webhook', 'alertmanager', 'slack'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Headers a channel may not set: the signature and transport headers are Vigil's. */
export const RESERVED_CHANNEL_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type', 'content-length', 'host', 'transfer-encoding', 'connection'] as const;

const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, 'must be an HTTP header name')
  .refine((name) => !(RESERVED_CHANNEL_HEADERS as readonly string[]).includes(name.toLowerCase()), { message: `may not be one of ${RESERVED_CHANNEL_HEADERS.join(', ')}` });

const channelUrl = z
  .string()
  .max(2048, 'at most 2,048 characters')
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials (put a token in `headers`)');

/** Mustache templates (logic-less: `{{alert.labels.service}}`, `{{#alerts}}…{{/alerts}}`); see docs/alerting.md for the fields. */
const template = z.string().max(8_000, 'at most 8,000 characters');

const channelShape = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  kind: z.enum(CHANNEL_KINDS),
  url: channelUrl,
  /** Sent with every request (e.g. an Authorization token); values are stored encrypted and never shown again. */
  headers: z.record(headerName, z.string().max(4_096)).refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers').default({}),
  titleTemplate: template.optional(),
  bodyTemplate: template.optional(),
  enabled: z.boolean().default(true),
};

/** Body of `POST /api/v1/notification-channels`. The signing secret is generated, never sent in. */
export const createChannelRequestSchema = z.strictObject(channelShape);
export type CreateChannelRequest = z.output<typeof createChannelRequestSchema>;

/** Body of `PATCH /api/v1/notification-channels/{id}`: any field; `headers` replaces them all when given. */
export const updateChannelRequestSchema = z
  .strictObject({
    name: channelShape.name.optional(),
    url: channelUrl.optional(),
    headers: z.record(headerName, z.string().max(4_096)).refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers').optional(),
    titleTemplate: template.nullable().optional(),
    bodyTemplate: template.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change');
export type UpdateChannelRequest = z.output<typeof updateChannelRequestSchema>;

/** A channel as listed: header names only, the secret's visible prefix only. Times are ISO 8601. */
export const channelSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  url: z.string(),
  headerNames: z.array(z.string()),
  titleTemplate: z.string().nullable(),
  bodyTemplate: z.string().nullable(),
  enabled: z.boolean(),
  /** Why Vigil turned it off (e.g. the receiver answered 410 Gone), null when on or turned off by a person. */
  disabledReason: z.string().nullable(),
  /** `whsec_AbCd…`: enough to tell secrets apart. */
  secretPrefix: z.string(),
  /** While a rotation overlaps, the old secret still signs until then (ISO 8601), else null. */
  previousSecretValidUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Channel = z.infer<typeof channelSchema>;
export const channelListResponseSchema = z.object({ channels: z.array(channelSchema) });
export type ChannelListResponse = z.infer<typeof channelListResponseSchema>;

/** The signing secret is in `secret`, shown this once (create and rotate). */
export const channelWithSecretResponseSchema = z.object({ channel: channelSchema, secret: z.string() });
export type ChannelWithSecretResponse = z.infer<typeof channelWithSecretResponseSchema>;

/** Body of `POST /api/v1/notification-channels/{id}/rotate-secret`. */
export const rotateChannelSecretRequestSchema = z.strictObject({
  /** How long the old secret keeps signing beside the new one (both signatures sent), default 24 h. */
  overlapSeconds: z.number().int().min(0).max(7 * 86_400).default(86_400),
});
export type RotateChannelSecretRequest = z.output<typeof rotateChannelSecretRequestSchema>;

/** The answer of `POST /api/v1/notification-channels/{id}/test`: what the receiver said. */
export const channelTestResponseSchema = z.object({
  delivered: z.boolean(),
  status: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  webhookId: z.string(),
});
export type ChannelTestResponse = z.infer<typeof channelTestResponseSchema>;
