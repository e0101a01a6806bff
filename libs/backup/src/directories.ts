import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { isAbsolute } from 'node:path';

/**
 * Makes `directory` ready to be filled: absent (created 0700: a backup holds password hashes
 * and the secrets key) or empty. Returns whether it was created, so a failure can remove it.
 */
export async function claimEmptyDirectory(directory: string, what: string): Promise<{ created: boolean }> {
  if (!isAbsolute(directory)) throw new Error(`${what} must be an absolute path: ${directory}`);
  const entries = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ENOTDIR') throw new Error(`${what} ${directory} is a file, not a directory`);
    throw error;
  });
  if (entries === undefined) {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    return { created: true };
  }
  if (entries.length > 0) throw new Error(`${what} ${directory} is not empty; give an empty or new directory`);
  return { created: false };
}

/** Empties (or removes, when this run created it) a directory a failed run was filling. */
export async function abandonDirectory(directory: string, created: boolean): Promise<void> {
  if (created) {
    await rm(directory, { recursive: true, force: true });
    return;
  }
  for (const entry of await readdir(directory).catch(() => [] as string[])) await rm(`${directory}/${entry}`, { recursive: true, force: true });
}

/** rename(), or a copy and a removal when the two are on different file systems. */
export async function moveDirectory(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true, preserveTimestamps: true });
    await rm(from, { recursive: true, force: true });
  }
}
