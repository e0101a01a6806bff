import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackupManifest, writeManifest } from './manifest';
import { restoreBackup } from './restore-backup';

// The refusals happen before any engine starts; the whole restore is covered by the e2e drill.
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'vigil-restore-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const manifest = (overrides: Partial<BackupManifest> = {}): BackupManifest => ({
  format: 'vigil-backup',
  version: 1,
  point: '2026-12-04T20:00:00.000Z',
  exactCut: true,
  clickhouse: { directory: 'clickhouse', database: 'vigil', migrations: [] },
  postgres: { serverVersion: '18.4', migrations: [], tables: [] },
  secretKey: null,
  durationMs: 1,
  ...overrides,
});

const restore = (backupDir: string, dataDir: string) => restoreBackup({ backupDir, dataDir, database: 'vigil', progress: () => undefined });

describe('restoreBackup refuses', () => {
  it('a directory without a manifest (not a backup, or one that did not finish)', async () => {
    const backup = join(work, 'unfinished');
    await mkdir(join(backup, 'clickhouse'), { recursive: true });
    await expect(restore(backup, join(work, 'data-1'))).rejects.toThrow(/holds no manifest.json: it is not a Vigil backup, or the backup did not finish/);
  });

  it('a backup made by a newer Vigil, before writing anything', async () => {
    const backup = join(work, 'newer');
    await mkdir(backup);
    await writeManifest(backup, manifest({ clickhouse: { directory: 'clickhouse', database: 'vigil', migrations: [{ name: '999-add-the-future.sql', checksum: 'x' }] } }));
    await expect(restore(backup, join(work, 'data-2'))).rejects.toThrow(/ClickHouse migration 999-add-the-future.sql is not in this version of Vigil/);
    expect(await readdir(work)).not.toContain('data-2');
  });

  it('a data directory that is not empty', async () => {
    const backup = join(work, 'fine');
    await mkdir(backup);
    await writeManifest(backup, manifest());
    const dataDir = join(work, 'data-3');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'something'), 'x');
    await expect(restore(backup, dataDir)).rejects.toThrow(`The data directory ${dataDir} is not empty`);
    expect(await readdir(dataDir)).toEqual(['something']);
  });
});
