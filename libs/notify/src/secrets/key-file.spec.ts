import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingBytes } from '../testing/fixtures';
import { loadOrCreateKeyFile, parseEncryptionKey } from './key-file';

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

describe('loadOrCreateKeyFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the key file with mode 0600 at first start, then reads the same key', async () => {
    const path = join(dir, 'data', 'secrets.key');
    const first = await loadOrCreateKeyFile(path, { randomBytes: countingBytes() });
    expect(first.created).toBe(true);
    expect(first.key).toEqual(Buffer.from(Array.from({ length: 32 }, (_, index) => index)));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, 'utf8')).trim()).toBe(first.key.toString('base64'));
    const second = await loadOrCreateKeyFile(path);
    expect(second).toEqual({ key: first.key, created: false });
  });

  it('refuses a file others can read, saying how to fix it', async () => {
    const path = join(dir, 'secrets.key');
    await loadOrCreateKeyFile(path);
    await chmod(path, 0o644);
    await expect(loadOrCreateKeyFile(path)).rejects.toThrow(`the key file ${path} has mode 0644, so others can read it; run \`chmod 600 ${path}\``);
    await expect(loadOrCreateKeyFile(path)).rejects.toMatchObject({ code: 'NOTIFY_KEY_FILE' });
  });

  it('refuses a file of the wrong length', async () => {
    const path = join(dir, 'secrets.key');
    await writeFile(path, `${randomBytes(20).toString('base64')}\n`, { mode: 0o600 });
    await expect(loadOrCreateKeyFile(path)).rejects.toThrow(`the key file ${path} holds 20 bytes; it must be 32 random bytes in base64`);
  });

  it('agrees on one key when two starts race', async () => {
    const path = join(dir, 'secrets.key');
    const [a, b] = await Promise.all([loadOrCreateKeyFile(path), loadOrCreateKeyFile(path)]);
    expect(a.key).toEqual(b.key);
    expect([a.created, b.created].filter(Boolean).length).toBeLessThanOrEqual(1);
  });
});
