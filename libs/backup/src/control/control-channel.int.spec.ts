import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupManifest } from '../manifest';
import { NotRunningError, requestBackup } from './control-client';
import { type ControlServer, startControlServer } from './control-server';
import { controlSocketPath } from './control-socket';

let dir: string;
let server: ControlServer;
let release: (() => void) | undefined;
const logged: string[] = [];

const MANIFEST: BackupManifest = {
  format: 'vigil-backup',
  version: 1,
  point: '2026-12-04T20:00:00.000Z',
  exactCut: true,
  clickhouse: { directory: 'clickhouse', database: 'vigil', migrations: [] },
  postgres: { serverVersion: '18.4', migrations: [], tables: [] },
  secretKey: 'secret.key',
  durationMs: 12,
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-control-'));
  server = await startControlServer(
    controlSocketPath(dir),
    async (target, progress) => {
      if (target.endsWith('fails')) throw new Error('the disk is full');
      progress(`writing ${target}`);
      if (target.endsWith('slow')) await new Promise<void>((done) => (release = done));
      return MANIFEST;
    },
    (line) => logged.push(line),
  );
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('control channel', () => {
  it('listens on a socket in the data directory that only its owner may use', async () => {
    expect(server.socketPath).toBe(join(dir, 'control.sock'));
    expect((await stat(server.socketPath)).mode & 0o777).toBe(0o600);
    expect(controlSocketPath(`/${'long-directory-name/'.repeat(6)}`)).toMatch(/\/vigil-control-[0-9a-f]{16}\.sock$/);
  });

  it('runs a backup and passes its progress and manifest back', async () => {
    const progress: string[] = [];
    await expect(requestBackup(server.socketPath, '/backups/one', (line) => progress.push(line))).resolves.toEqual(MANIFEST);
    expect(progress).toEqual(['writing /backups/one']);
    expect(logged).toContain('backup into /backups/one requested');
  });

  it('answers a failure with its message, and a second backup while one runs with an error', async () => {
    await expect(requestBackup(server.socketPath, '/backups/fails', () => undefined)).rejects.toThrow('the disk is full');
    const slow = requestBackup(server.socketPath, '/backups/slow', () => undefined);
    await new Promise((done) => setTimeout(done, 100));
    await expect(requestBackup(server.socketPath, '/backups/other', () => undefined)).rejects.toThrow(/a backup is already running/);
    release?.();
    await expect(slow).resolves.toEqual(MANIFEST);
  });

  it('says Vigil is not running when nobody listens', async () => {
    await expect(requestBackup(join(dir, 'nobody.sock'), '/backups/x', () => undefined)).rejects.toBeInstanceOf(NotRunningError);
  });
});
