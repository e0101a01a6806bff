import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKey } from './key-file';

describe('parseEncryptionKey', () => {
  const key = randomBytes(32);

  it('reads 32 bytes of base64 or base64url, ignoring surrounding whitespace', () => {
    expect(parseEncryptionKey(` ${key.toString('base64')}\n`)).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
  });

  it('refuses other input, naming the variable and the expected form', () => {
    expect(() => parseEncryptionKey('')).toThrow('VIGIL_ENCRYPTION_KEY is empty; it must be 32 random bytes in base64');
    expect(() => parseEncryptionKey('not base64!', 'SECRETS_KEY')).toThrow('SECRETS_KEY is not base64');
    expect(() => parseEncryptionKey(randomBytes(16).toString('base64'))).toThrow('VIGIL_ENCRYPTION_KEY holds 16 bytes; it must be 32 random bytes in base64, e.g. from `openssl rand -base64 32`');
  });
});
