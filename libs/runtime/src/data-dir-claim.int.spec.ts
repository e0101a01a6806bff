import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDataDir } from './data-dir-claim';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-claim-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function startTime(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

describe('claimDataDir', () => {
  it('writes a pid file, refuses a second Vigil with the same parent, and releases', async () => {
    const claim = await claimDataDir(dataDir, () => undefined);
    expect(JSON.parse(await readFile(join(dataDir, 'vigil.pid'), 'utf8'))).toMatchObject({ pid: process.pid, parentPid: process.ppid });
    await expect(claimDataDir(dataDir, () => undefined)).rejects.toThrow(`Vigil is already running on ${dataDir} (pid ${process.pid})`);
    await claim.release();
    await expect(readFile(join(dataDir, 'vigil.pid'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('replaces the pid file of a process that is gone, or of a reused pid', async () => {
    await writeFile(join(dataDir, 'vigil.pid'), JSON.stringify({ pid: process.pid, startTime: '1', parentPid: process.ppid }));
    const claim = await claimDataDir(dataDir, () => undefined);
    expect(JSON.parse(await readFile(join(dataDir, 'vigil.pid'), 'utf8'))).toMatchObject({ pid: process.pid, startTime: await startTime(process.pid) });
    await claim.release();
  });

  it('waits for a holder whose parent is gone (an orphan stopping on its own), then claims', async () => {
    const orphan = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const exited = new Promise((done) => orphan.once('exit', done));
    const pid = orphan.pid ?? 0;
    // Recorded with a parent it no longer has: what a Vigil orphaned by a killed npm start looks like.
    await writeFile(join(dataDir, 'vigil.pid'), JSON.stringify({ pid, startTime: await startTime(pid), parentPid: 1 }));
    const lines: string[] = [];
    const claiming = claimDataDir(dataDir, (line) => lines.push(line));
    await new Promise((done) => setTimeout(done, 500));
    expect(lines).toEqual([`waiting for the Vigil left running on ${dataDir} by an earlier start (pid ${pid}) to finish stopping`]);
    orphan.kill('SIGTERM');
    await exited;
    const claim = await claiming;
    expect(JSON.parse(await readFile(join(dataDir, 'vigil.pid'), 'utf8'))).toMatchObject({ pid: process.pid });
    await claim.release();
  });
});
