import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-pg-spec-'));
  // As root, Postgres runs as `postgres`, which must reach the data directory inside.
  await chmod(root, 0o755);
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function sql<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A port nobody listens on (local: @vigil/testing depends on this lib, not the reverse). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startEmbeddedPostgres', () => {
  it('initialises an empty directory, creates database vigil, and keeps data across stop and start', async () => {
    const dataDir = join(root, 'restart');
    const port = await freePort();
    const lines: string[] = [];
    const first = await startEmbeddedPostgres({ dataDir, port, log: (line) => lines.push(line) });
    expect(first.url).toMatch(new RegExp(`^postgresql://postgres:[^@]+@127\\.0\\.0\\.1:${port}/vigil$`));
    expect(lines.some((line) => line.includes('initialising'))).toBe(true);
    await sql(first.url, 'CREATE TABLE kept (value text)');
    await sql(first.url, 'INSERT INTO kept VALUES ($1)', ['survives']);
    await first.stop();
    await first.stop(); // twice is harmless
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      expect(await sql<{ value: string }>(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'survives' }]);
    } finally {
      await second.stop();
    }
  });

  it('recovers when the Postgres of an earlier process still holds the directory (stale postmaster.pid)', async () => {
    const dataDir = join(root, 'stale');
    const port = await freePort();
    // The "earlier process": its Postgres keeps running, as after a SIGKILL of Vigil.
    const orphan = await startEmbeddedPostgres({ dataDir, port });
    await sql(orphan.url, 'CREATE TABLE marker (id int)');
    const orphanPid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    expect(isAlive(orphanPid)).toBe(true);

    // Same directory and port, without stopping the first.
    const recovered = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(isAlive(orphanPid)).toBe(false);
      const newPid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
      expect(newPid).not.toBe(orphanPid);
      expect(await sql(recovered.url, 'SELECT * FROM marker')).toEqual([]);
      await orphan.stop(); // already gone: returns at once
    } finally {
      await recovered.stop();
    }
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  it('prints nothing without a log function and fails clearly when the port is taken', async () => {
    const dataDir = join(root, 'busy');
    const port = await freePort();
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const running = await startEmbeddedPostgres({ dataDir, port });
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    try {
      await expect(startEmbeddedPostgres({ dataDir: join(root, 'busy-2'), port })).rejects.toThrow(/Postgres exited during start-up[\s\S]*(could not bind|in use)/i);
    } finally {
      await running.stop();
    }
  });
});
