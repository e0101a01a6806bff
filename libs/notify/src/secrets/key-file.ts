import { randomBytes as nodeRandomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NotifyError } from '../notify.errors';
import type { RandomBytes } from '../signing/webhook-signing';
import { ENCRYPTION_KEY_BYTES } from './secret-box';

/**
 * Where the key that encrypts channel secrets comes from. At scale it is configuration (the
 * same key on every replica, from a secret store); in embedded mode Vigil makes one at first
 * start in the data directory, readable by its owner only, and uses it from then on.
 */

/** The configuration variable suggested for the key (the config lib decides the final name). */
export const ENCRYPTION_KEY_VARIABLE = 'VIGIL_ENCRYPTION_KEY';

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A key given as text: 32 bytes in base64 (or base64url), surrounding whitespace ignored. */
export function parseEncryptionKey(text: string, source: string = ENCRYPTION_KEY_VARIABLE): Buffer {
  const trimmed = text.trim();
  const hint = `32 random bytes in base64, e.g. from \`openssl rand -base64 32\``;
  if (trimmed === '') throw new NotifyError('NOTIFY_KEY_INVALID', `${source} is empty; it must be ${hint}`);
  if (!BASE64.test(trimmed)) throw new NotifyError('NOTIFY_KEY_INVALID', `${source} is not base64; it must be ${hint}`);
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== ENCRYPTION_KEY_BYTES) throw new NotifyError('NOTIFY_KEY_INVALID', `${source} holds ${key.length} bytes; it must be ${hint}`);
  return key;
}

export interface LoadedKey {
  readonly key: Buffer;
  /** True when this call made the file (worth a log line: back it up with the data directory). */
  readonly created: boolean;
}

/**
 * Reads the key file, or creates it (mode 0600, its directory 0700) when it does not exist.
 * The new file appears complete or not at all (written aside, then hard-linked into place), so
 * two processes starting at once agree on one key. A file others can read or write, or of the
 * wrong length, is refused with a message saying what to do: a key that leaked or was cut is
 * worse than a failed start.
 */
export async function loadOrCreateKeyFile(path: string, { randomBytes = nodeRandomBytes }: { randomBytes?: RandomBytes } = {}): Promise<LoadedKey> {
  const created = await createIfMissing(path, randomBytes);
  if (created !== null) return { key: created, created: true };
  let mode: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new NotifyError('NOTIFY_KEY_FILE', `${path} is not a file`);
    mode = info.mode & 0o777;
  } catch (error) {
    if (error instanceof NotifyError) throw error;
    throw new NotifyError('NOTIFY_KEY_FILE', `cannot read the key file ${path}: ${(error as Error).message}`);
  }
  // Windows has no POSIX modes to check; there the data directory's ACL protects the file.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new NotifyError('NOTIFY_KEY_FILE', `the key file ${path} has mode ${mode.toString(8).padStart(4, '0')}, so others can read it; run \`chmod 600 ${path}\` (and consider the key exposed)`);
  }
  const text = await readFile(path, 'utf8');
  try {
    return { key: parseEncryptionKey(text, `the key file ${path}`), created: false };
  } catch (error) {
    throw new NotifyError('NOTIFY_KEY_FILE', (error as Error).message);
  }
}

async function createIfMissing(path: string, randomBytes: RandomBytes): Promise<Buffer | null> {
  try {
    await stat(path);
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new NotifyError('NOTIFY_KEY_FILE', `cannot read the key file ${path}: ${(error as Error).message}`);
  }
  const key = Buffer.from(randomBytes(ENCRYPTION_KEY_BYTES));
  const aside = `${path}.${randomUUID()}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(aside, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    await link(aside, path);
    return key;
  } catch (error) {
    // Another process made it between our check and the link: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw new NotifyError('NOTIFY_KEY_FILE', `cannot create the key file ${path}: ${(error as Error).message}`);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}
