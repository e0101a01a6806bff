import { decryptSecret, encryptSecret, channelSecretContext } from './secret-box';
import type { ChannelSigningSecrets } from '../signing/webhook-signing';

/** A channel's stored ciphertexts (the columns of its row), whatever store holds them. */
export interface SealedChannel {
  readonly id: string;
  readonly headersCipher: string | null;
  readonly secretCipher: string;
  readonly previousSecretCipher: string | null;
  readonly previousSecretValidUntil: Date | null;
}

/** What a delivery needs of a channel, decrypted. */
export interface OpenedChannel {
  readonly headers: Record<string, string>;
  readonly secrets: ChannelSigningSecrets;
}

/**
 * Header values are sealed one JSON object at a time, bound to the channel (associated data), so
 * a ciphertext copied to another channel's row does not open there.
 */
export function sealChannelHeaders(channelId: string, headers: Readonly<Record<string, string>>, key: Uint8Array): string | null {
  if (Object.keys(headers).length === 0) return null;
  return encryptSecret(JSON.stringify(headers), key, { associatedData: channelSecretContext(channelId, { header: '*' }) });
}

export function sealChannelSecret(channelId: string, secret: string, key: Uint8Array, field: 'secret' | 'previous-secret' = 'secret'): string {
  return encryptSecret(secret, key, { associatedData: channelSecretContext(channelId, field) });
}

/** Decrypts a channel's headers and signing secrets (the previous one only while its overlap lasts). */
export function openChannel(channel: SealedChannel, key: Uint8Array): OpenedChannel {
  const headers = channel.headersCipher === null ? {} : (JSON.parse(decryptSecret(channel.headersCipher, key, { associatedData: channelSecretContext(channel.id, { header: '*' }) })) as Record<string, string>);
  const current = decryptSecret(channel.secretCipher, key, { associatedData: channelSecretContext(channel.id, 'secret') });
  const previous =
    channel.previousSecretCipher !== null && channel.previousSecretValidUntil !== null
      ? { secret: decryptSecret(channel.previousSecretCipher, key, { associatedData: channelSecretContext(channel.id, 'previous-secret') }), validUntil: channel.previousSecretValidUntil }
      : null;
  return { headers, secrets: { current, previous } };
}
