'use client';

import type { ChannelWithSecretResponse } from '@vigil/contracts';
import { formatInstant } from '../../../lib/alert-times';
import { SecretField } from '../../common/secret-field';

/**
 * A channel's signing secret, this once (after creating the channel or rotating its secret):
 * Vigil keeps it encrypted and never shows it again. After a rotation it says until when the
 * old secret keeps signing beside the new one.
 */
export function ChannelSecret({ created, rotated, onDismiss }: { created: ChannelWithSecretResponse; rotated: boolean; onDismiss(): void }) {
  const { channel, secret } = created;
  return (
    <section className="card secret-card" role="status" data-testid="channel-secret" data-channel-id={channel.id}>
      <h2>
        {rotated ? 'New signing secret for' : 'Channel'} <q>{channel.name}</q>
        {rotated ? '' : ' created'}
      </h2>
      <p className="secret-warning" data-testid="channel-secret-warning">
        <strong>Copy this signing secret now — you will not see it again.</strong> Your receiver verifies every request with it (Standard Webhooks:{' '}
        <code>new Webhook(secret).verify(body, headers)</code>). If it is lost, rotate the secret.
      </p>
      <SecretField secret={secret} label="Channel signing secret" testIds={{ input: 'channel-secret-value', copy: 'copy-channel-secret', status: 'copy-channel-secret-status' }} />
      {rotated ? (
        <p data-testid="channel-secret-overlap">
          {channel.previousSecretValidUntil
            ? `Until ${formatInstant(channel.previousSecretValidUntil)} every request is signed with both the old and the new secret, so the receiver can switch at any moment before then.`
            : 'The old secret no longer signs: switch the receiver to the new one now.'}
        </p>
      ) : null}
      <button type="button" onClick={onDismiss} data-testid="dismiss-channel-secret">
        I have stored it
      </button>
    </section>
  );
}
