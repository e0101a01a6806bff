import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';

const migration = z.object({ name: z.string().min(1), checksum: z.string().min(1) });

/**
 * What a backup directory holds, written last: a directory without it is an unfinished backup.
 *
 *   manifest.json       this
 *   clickhouse/         ClickHouse's BACKUP DATABASE (File engine layout)
 *   postgres/<t>.ndjson one file per config table (TableSnapshot.dumpTable)
 *   secret.key          the data directory's channel-secrets key, when Vigil uses that file
 */
export const backupManifestSchema = z.object({
  format: z.literal('vigil-backup'),
  version: z.literal(1),
  /** The backup's point (docs/architecture.md "Backup and restore"): ISO 8601, UTC. */
  point: z.iso.datetime(),
  /** False when ClickHouse took longer than the hold bound to list its parts (see BackupCut). */
  exactCut: z.boolean(),
  clickhouse: z.object({
    directory: z.string().min(1),
    database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    migrations: z.array(migration),
  }),
  postgres: z.object({
    serverVersion: z.string(),
    migrations: z.array(migration),
    tables: z.array(z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/), file: z.string().regex(/^postgres\/[a-z_][a-z0-9_]*\.ndjson$/), rows: z.number().int().nonnegative() })),
  }),
  /** File name of the secrets key in the backup, or null when VIGIL_SECRET_KEY provides it. */
  secretKey: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** Written aside and renamed into place, so a manifest is either whole or absent. */
export async function writeManifest(directory: string, manifest: BackupManifest): Promise<void> {
  const temporary = join(directory, `.${MANIFEST_FILE}.partial`);
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, join(directory, MANIFEST_FILE));
}

export async function readManifest(directory: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(directory, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${directory} holds no ${MANIFEST_FILE}: it is not a Vigil backup, or the backup did not finish`);
    throw error;
  }
  const parsed = backupManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${join(directory, MANIFEST_FILE)} is not a manifest this Vigil reads: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
