import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { NotifyError } from '../notify.errors';

/**
 * Standard Webhooks (standardwebhooks.com) signing with the official library: every request
 * carries `webhook-id`, `webhook-timestamp` and `webhook-signature`, the signature being
 * `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the channel's `whsec_` secret.
 * During a secret rotation both secrets sign and the header carries both signatures,
 * space-separated, as the spec allows: a receiver that still has the old secret verifies, and
 * so does one that already has the new one.
 */

export type RandomBytes = (size: number) => Uint8Array;

const SECRET_PREFIX = 'whsec_';
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{43}=$/;

/** A new signing secret: `whsec_` + base64 of 32 random bytes (the form the library and receivers expect). */
export function generateWebhookSecret(randomBytes: RandomBytes = nodeRandomBytes): string {
  return SECRET_PREFIX + Buffer.from(randomBytes(32)).toString('base64');
}

export function isWebhookSecret(text: string): boolean {
  return SECRET_PATTERN.test(text);
}

/** `whsec_AbCd…`: enough to tell secrets apart in a list, too little to use. */
export function webhookSecretPrefix(secret: string): string {
  return `${secret.slice(0, SECRET_PREFIX.length + 4)}…`;
}

/** A `webhook-id`: `msg_` + 16 random bytes, base64url. Made once per notification, reused on every retry. */
export function newWebhookId(randomBytes: RandomBytes = nodeRandomBytes): string {
  return `msg_${Buffer.from(randomBytes(16)).toString('base64url')}`;
}

/** The secrets of a channel as stored (decrypted): the current one and, during a rotation, the previous one until a time. */
export interface ChannelSigningSecrets {
  readonly current: string;
  readonly previous?: { readonly secret: string; readonly validUntil: Date } | null;
}

/** The secrets that sign at `now`: the current one first, then the previous one while its overlap lasts. */
export function signingSecretsAt(secrets: ChannelSigningSecrets, now: Date): string[] {
  const previous = secrets.previous;
  if (previous === null || previous === undefined || now.getTime() >= previous.validUntil.getTime()) return [secrets.current];
  return [secrets.current, previous.secret];
}

/** A rotation: a new current secret, the old one kept as previous for `overlapSeconds` (0: dropped at once). */
export function rotateWebhookSecret(
  secrets: ChannelSigningSecrets,
  { now, overlapSeconds, randomBytes = nodeRandomBytes }: { now: Date; overlapSeconds: number; randomBytes?: RandomBytes },
): Required<ChannelSigningSecrets> {
  const next = generateWebhookSecret(randomBytes);
  if (overlapSeconds <= 0) return { current: next, previous: null };
  return { current: next, previous: { secret: secrets.current, validUntil: new Date(now.getTime() + overlapSeconds * 1000) } };
}

export interface WebhookSignatureHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * The three headers for one attempt. `timestamp` is the attempt's time (receivers refuse
 * timestamps more than about five minutes off), so every retry is signed again; the id stays.
 */
export function signWebhook({ webhookId, timestamp, body, secrets }: { webhookId: string; timestamp: Date; body: string; secrets: readonly string[] }): WebhookSignatureHeaders {
  if (secrets.length === 0) throw new NotifyError('NOTIFY_SECRET_INVALID', 'no signing secret: a channel always has one');
  const signatures = secrets.map((secret) => {
    if (!isWebhookSecret(secret)) throw new NotifyError('NOTIFY_SECRET_INVALID', `a signing secret must be whsec_ and 32 bytes of base64 (it begins ${JSON.stringify(secret.slice(0, 6))})`);
    return new Webhook(secret).sign(webhookId, timestamp, body);
  });
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
