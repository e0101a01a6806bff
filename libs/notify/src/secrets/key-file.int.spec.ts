import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingBytes } from '../testing/fixtures';
import { loadOrCreateKeyFile } from './key-file';

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
