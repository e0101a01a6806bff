import { createCipheriv, createDecipheriv, randomBytes as nodeRandomBytes } from 'node:crypto';
import { NotifyError } from '../notify.errors';
import type { RandomBytes } from '../signing/webhook-signing';

/**
 * Channel secrets and header values at rest: AES-256-GCM under a 32-byte key from
 * configuration, stored as `v1:<iv>:<tag>:<ciphertext>` (base64url parts; `v1` = this format:
 * 12-byte random IV, 16-byte tag). GCM authenticates, so a changed byte or another key is an
 * error, never wrong plaintext.
 *
 * `associatedData` binds a value to where it belongs (e.g. `channel:<id>:secret`): a
 * ciphertext copied into another row or field then fails to decrypt instead of being accepted.
 * Node's crypto is used directly; a library would add nothing over these ten lines.
 */

export const SECRET_BOX_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const ENCRYPTION_KEY_BYTES = 32;

/**
 * The associated data for a channel's stored values, one spelling for the API (which encrypts)
 * and the worker (which decrypts): `channel:<id>:secret`, `channel:<id>:previous-secret`,
 * `channel:<id>:header:<lower-case name>`.
 */
export function channelSecretContext(channelId: string, field: 'secret' | 'previous-secret' | { header: string }): string {
  const name = typeof field === 'string' ? field : `header:${field.header.toLowerCase()}`;
  return `channel:${channelId}:${name}`;
}

export interface SecretBoxOptions {
  readonly associatedData?: string;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== ENCRYPTION_KEY_BYTES) throw new NotifyError('NOTIFY_KEY_INVALID', `the encryption key must be ${ENCRYPTION_KEY_BYTES} bytes, not ${key.length}`);
}

export function encryptSecret(plaintext: string, key: Uint8Array, options: SecretBoxOptions & { randomBytes?: RandomBytes } = {}): string {
  checkKey(key);
  const iv = Buffer.from((options.randomBytes ?? nodeRandomBytes)(IV_BYTES));
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (options.associatedData !== undefined) cipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [SECRET_BOX_VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
}

export function decryptSecret(stored: string, key: Uint8Array, options: SecretBoxOptions = {}): string {
  checkKey(key);
  const parts = stored.split(':');
  const [version, ivText, tagText, dataText] = parts;
  if (parts.length !== 4 || version === undefined || ivText === undefined || tagText === undefined || dataText === undefined) {
    throw new NotifyError('NOTIFY_DECRYPT_FAILED', 'a stored secret is not in the v1:<iv>:<tag>:<data> form');
  }
  if (version !== SECRET_BOX_VERSION) throw new NotifyError('NOTIFY_DECRYPT_FAILED', `a stored secret has format ${JSON.stringify(version)}, which this version of Vigil does not read`);
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new NotifyError('NOTIFY_DECRYPT_FAILED', 'a stored secret has a damaged IV or tag');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    if (options.associatedData !== undefined) decipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
    return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new NotifyError('NOTIFY_DECRYPT_FAILED', 'a stored secret does not decrypt: it was encrypted with another key, for another field, or altered');
  }
}
