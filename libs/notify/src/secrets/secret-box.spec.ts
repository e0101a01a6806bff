import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotifyError } from '../notify.errors';
import { countingBytes } from '../testing/fixtures';
import { channelSecretContext, decryptSecret, encryptSecret } from './secret-box';

const key = randomBytes(32);

function flip(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}

describe('secret box (AES-256-GCM)', () => {
  it('round-trips secrets and header values, in the v1:<iv>:<tag>:<data> form', () => {
    for (const plaintext of ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'Bearer ünïcødé ✓', '']) {
      const stored = encryptSecret(plaintext, key);
      expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/);
      expect(stored).not.toContain(plaintext || '\u0000');
      expect(decryptSecret(stored, key)).toBe(plaintext);
    }
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same', key)).not.toBe(encryptSecret('same', key));
    const fixed = encryptSecret('same', key, { randomBytes: countingBytes() });
    expect(fixed.split(':')[1]).toBe(Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).toString('base64url'));
  });

  it('detects tampering with the data, the tag or the IV, and a wrong key', () => {
    const stored = encryptSecret('whsec_secret-value', key);
    const [version, iv = '', tag = '', data = ''] = stored.split(':');
    for (const altered of [`${version}:${iv}:${tag}:${flip(data)}`, `${version}:${iv}:${flip(tag)}:${data}`, `${version}:${flip(iv)}:${tag}:${data}`]) {
      expect(() => decryptSecret(altered, key)).toThrow(NotifyError);
    }
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow(/does not decrypt/);
  });

  it('names the places of channel values one way', () => {
    expect(channelSecretContext('c1', 'secret')).toBe('channel:c1:secret');
    expect(channelSecretContext('c1', 'previous-secret')).toBe('channel:c1:previous-secret');
    expect(channelSecretContext('c1', { header: 'Authorization' })).toBe('channel:c1:header:authorization');
  });

  it('binds a value to its place with associated data', () => {
    const stored = encryptSecret('token', key, { associatedData: 'channel:1:header:authorization' });
    expect(decryptSecret(stored, key, { associatedData: 'channel:1:header:authorization' })).toBe('token');
    expect(() => decryptSecret(stored, key, { associatedData: 'channel:2:header:authorization' })).toThrow(/does not decrypt/);
    expect(() => decryptSecret(stored, key)).toThrow(/does not decrypt/);
  });

  it('refuses unknown formats and keys of the wrong size with clear messages', () => {
    expect(() => decryptSecret('plain text', key)).toThrow(/not in the v1:<iv>:<tag>:<data> form/);
    expect(() => decryptSecret('v2:a:b:c', key)).toThrow(/format "v2"/);
    expect(() => encryptSecret('x', randomBytes(16))).toThrow(/must be 32 bytes, not 16/);
    try {
      decryptSecret('v1:AAAA:BBBB:CCCC', key);
    } catch (error) {
      expect((error as NotifyError).code).toBe('NOTIFY_DECRYPT_FAILED');
    }
  });
});
