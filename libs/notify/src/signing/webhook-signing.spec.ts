import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { countingBytes } from '../testing/fixtures';
import { generateWebhookSecret, isWebhookSecret, newWebhookId, rotateWebhookSecret, signingSecretsAt, signWebhook, webhookSecretPrefix } from './webhook-signing';

const body = JSON.stringify({ version: '1', status: 'firing', alerts: [{ ruleName: 'CheckoutLatencyHigh' }] });

describe('secrets and ids', () => {
  it('makes whsec_ secrets of 32 random bytes that the official library accepts', () => {
    const secret = generateWebhookSecret(countingBytes());
    expect(secret).toBe(`whsec_${Buffer.from(Array.from({ length: 32 }, (_, index) => index)).toString('base64')}`);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(webhookSecretPrefix(secret)).toBe('whsec_AAEC…');
    expect(generateWebhookSecret()).not.toBe(generateWebhookSecret());
    expect(isWebhookSecret('whsec_short')).toBe(false);
  });

  it('makes msg_ ids from 16 random bytes, base64url', () => {
    expect(newWebhookId(countingBytes(250))).toBe(`msg_${Buffer.from([250, 251, 252, 253, 254, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).toString('base64url')}`);
    expect(newWebhookId()).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
  });
});

describe('signWebhook', () => {
  const current = generateWebhookSecret();
  const previous = generateWebhookSecret();

  it('sets the three Standard Webhooks headers, verified by the official library', () => {
    const timestamp = new Date();
    const headers = signWebhook({ webhookId: 'msg_abc', timestamp, body, secrets: [current] });
    expect(headers['webhook-id']).toBe('msg_abc');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(timestamp.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('during a rotation carries both signatures, so the current and the previous secret both verify', () => {
    const headers = signWebhook({ webhookId: 'msg_rot', timestamp: new Date(), body, secrets: [current, previous] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow(WebhookVerificationError);
  });

  it('a changed body or id does not verify', () => {
    const headers = signWebhook({ webhookId: 'msg_x', timestamp: new Date(), body, secrets: [current] });
    expect(() => new Webhook(current).verify(`${body} `, { ...headers })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(current).verify(body, { ...headers, 'webhook-id': 'msg_y' })).toThrow(WebhookVerificationError);
  });

  it('refuses to sign without a usable secret', () => {
    expect(() => signWebhook({ webhookId: 'msg_x', timestamp: new Date(), body, secrets: [] })).toThrow(/no signing secret/);
    expect(() => signWebhook({ webhookId: 'msg_x', timestamp: new Date(), body, secrets: ['hunter2'] })).toThrow(/must be whsec_/);
  });
});

describe('rotation', () => {
  const now = new Date('2024-05-01T10:00:00Z');

  it('keeps the old secret signing until the overlap ends', () => {
    const before = { current: generateWebhookSecret(), previous: null };
    const rotated = rotateWebhookSecret(before, { now, overlapSeconds: 3_600 });
    expect(rotated.current).not.toBe(before.current);
    expect(rotated.previous).toEqual({ secret: before.current, validUntil: new Date('2024-05-01T11:00:00Z') });
    expect(signingSecretsAt(rotated, new Date('2024-05-01T10:59:59Z'))).toEqual([rotated.current, before.current]);
    expect(signingSecretsAt(rotated, new Date('2024-05-01T11:00:00Z'))).toEqual([rotated.current]);
    expect(rotateWebhookSecret(before, { now, overlapSeconds: 0 }).previous).toBeNull();
  });
});
