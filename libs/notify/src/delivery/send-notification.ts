import { RESERVED_CHANNEL_HEADERS } from '@vigil/contracts';
import { isOutboundError, outboundRequest, type OutboundPolicy, type Resolver } from '@vigil/outbound-guard';
import { signWebhook } from '../signing/webhook-signing';
import { classifyFailure, classifyResponse, type AttemptResult } from './attempt-result';
import type { EndpointBreakers } from './endpoint-breakers';

/** One attempt of one notification, with everything already decided by the caller. */
export interface NotificationRequest {
  readonly url: string;
  /** The channel's own headers, decrypted (reserved names are ignored). */
  readonly headers: Readonly<Record<string, string>>;
  /** Signing secrets in effect now (`signingSecretsAt`): the current one, and the previous one during a rotation. */
  readonly secrets: readonly string[];
  /** The exact body (`buildNotificationBody`); signed and sent as these bytes. */
  readonly body: string;
  /** The same on every attempt of this notification. */
  readonly webhookId: string;
  /** This attempt's time, signed as `webhook-timestamp`. */
  readonly timestamp: Date;
  /** One deadline for DNS, connect, headers and body; default `DEFAULT_DELIVERY_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

export interface SendContext {
  readonly policy: OutboundPolicy;
  /** The process's breakers; without them every attempt is sent (e.g. "send test" from the API). */
  readonly breakers?: EndpointBreakers;
  readonly resolver?: Resolver;
  /** Clock for durations and `Retry-After` dates; default `Date.now`. */
  readonly now?: () => number;
  /** Default `Vigil-Webhooks/1`. */
  readonly userAgent?: string;
}

/** Kept small: a receiver's answer is only read for the attempt log. */
const MAX_RESPONSE_BYTES = 4 * 1024;
const RESERVED = new Set<string>([...RESERVED_CHANNEL_HEADERS, 'user-agent']);

/**
 * Sends one attempt over the outbound guard (no redirects, bounded answer, one deadline) and
 * classifies what happened. Never throws for anything the receiver or the network does; the
 * result says `delivered`, `retry`, `gone` or `rejected`.
 */
export async function sendNotification(request: NotificationRequest, context: SendContext): Promise<AttemptResult> {
  const attempt = () => sendOnce(request, context);
  return context.breakers === undefined ? attempt() : context.breakers.run(request.url, attempt);
}

async function sendOnce(request: NotificationRequest, context: SendContext): Promise<AttemptResult> {
  const now = context.now ?? Date.now;
  const started = now();
  let signature;
  try {
    signature = signWebhook({ webhookId: request.webhookId, timestamp: request.timestamp, body: request.body, secrets: request.secrets });
  } catch (error) {
    return classifyFailure({ code: null, message: `not signed: ${(error as Error).message}`, durationMs: 0, permanent: true });
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!RESERVED.has(name.toLowerCase())) headers[name] = value;
  }
  Object.assign(headers, { 'content-type': 'application/json', 'user-agent': context.userAgent ?? 'Vigil-Webhooks/1' }, signature);
  try {
    const response = await outboundRequest(request.url, {
      policy: context.policy,
      ...(context.resolver === undefined ? {} : { resolver: context.resolver }),
      method: 'POST',
      headers,
      body: request.body,
      timeoutMs: request.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS,
      maxRedirects: 0,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
    const finished = now();
    return classifyResponse({ status: response.status, headers: response.headers, body: response.body, durationMs: finished - started, now: new Date(finished) });
  } catch (error) {
    const durationMs = now() - started;
    if (isOutboundError(error)) return classifyFailure({ code: error.code, message: error.message, durationMs });
    return classifyFailure({ code: null, message: `request failed: ${(error as Error).message}`, durationMs });
  }
}
