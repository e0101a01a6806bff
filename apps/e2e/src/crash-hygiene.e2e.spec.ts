import {
  freeStackPorts,
  isListening,
  type NpmStart,
  postIngestJson,
  processesReferencing,
  processTree,
  type ProcessInfo,
  stillRunning,
  startNpmStart,
  type StackPorts,
  TEST_ADMIN,
} from '@vigil/testing';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `kill -9` of the `npm start` process group (a terminal closed hard, a supervisor's stop): its
// children sit in process groups of their own (so one Ctrl-C is forwarded once), so the kill does
// not reach them; they must notice and stop, Vigil stopping its Postgres and Redis.

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
const running: NpmStart[] = [];

afterAll(async () => {
  for (const start of running) start.killGroup('SIGKILL');
  await waitUntil(() => Promise.resolve(processesReferencing(dataDir).length === 0), 30_000).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((done) => setTimeout(done, 200));
  }
  return condition();
}

async function listening(ports: StackPorts): Promise<number[]> {
  const all = [ports.api, ports.dashboard, ports.postgres, ports.redis];
  const open = await Promise.all(all.map((port) => isListening(port)));
  return all.filter((_, i) => open[i]);
}

async function start(ports: StackPorts, env: Record<string, string> = {}): Promise<NpmStart> {
  const started = await startNpmStart(ports, dataDir, env);
  running.push(started);
  return started;
}

async function signIn(apiUrl: string): Promise<string> {
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  expect(login.status).toBe(200);
  return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Kills the group and asserts, within a bounded wait, that nothing of it runs or listens. */
async function killAndExpectNothingLeft(started: NpmStart, ports: StackPorts): Promise<void> {
  const tree = processTree(started.pid);
  const has = (what: RegExp) => tree.some((info) => what.test(info.cmdline));
  // What is about to be killed: npm start, Vigil, the dashboard, Postgres (and its workers), Redis.
  expect(has(/standalone\/src\/main\.js/) && has(/dashboard\/server\.mjs/) && has(/postgres -D /) && has(/redis-server/), tree.map((info) => info.cmdline).join('\n')).toBe(true);
  const killedAt = Date.now();
  started.killGroup('SIGKILL');
  await started.exited;
  const left = async () => tree.filter(stillRunning).length === 0 && (await listening(ports)).length === 0 && processesReferencing(dataDir).length === 0;
  const clean = await waitUntil(left, 30_000);
  const survivors: ProcessInfo[] = [...tree.filter(stillRunning), ...processesReferencing(dataDir)];
  expect({ clean, survivors: survivors.map((info) => `${info.pid} ${info.cmdline}`), listening: await listening(ports) }).toEqual({ clean: true, survivors: [], listening: [] });
  // Seen in the test log: how long the stop took (graceful: requests, writes, engines).
  console.log(`everything of npm start was gone ${Date.now() - killedAt} ms after kill -9`);
}

describe('crash hygiene', () => {
  it('kill -9 of the npm start group leaves nothing running, and the next start recovers on the same ports with the data', async () => {
    const ports = await freeStackPorts();
    const first = await start(ports, { VIGIL_ADMIN_PASSWORD: TEST_ADMIN.password });
    const ingestKey = /Ingest key:\s+(\S+)/.exec(first.output())?.[1] ?? '';
    const projectId = /Project:\s+.*\(([0-9a-f-]{36})\)/.exec(first.output())?.[1] ?? '';
    const now = Date.now();
    const samples = Array.from({ length: 50 }, (_, i) => ({ name: 'crash_test', labels: { i: String(i) }, value: i, timestamp: now - i }));
    expect((await postIngestJson({ apiUrl: first.apiUrl, ingestKey }, '/api/v1/ingest/metrics', { samples })).status).toBe(200);

    await killAndExpectNothingLeft(first, ports);

    // The next start needs no manual step: same data directory, same ports, nothing to clean up.
    const second = await start(ports);
    const cookie = await signIn(second.apiUrl);
    const search = new URLSearchParams({ project: projectId, name: 'crash_test', from: String(now - 60_000), to: String(now + 1_000) });
    const query = await fetch(`${second.apiUrl}/api/v1/metrics/query?${search}`, { headers: { cookie } });
    const { series } = (await query.json()) as { series: unknown[] };
    expect(series).toHaveLength(50);

    // Killed again and started at once, while the orphaned Vigil may still be stopping: the new
    // one waits for it (the data directory's pid file) instead of failing on chDB's lock.
    const tree = processTree(second.pid);
    second.killGroup('SIGKILL');
    await second.exited;
    const third = await start(ports);
    expect(tree.filter(stillRunning)).toEqual([]);
    await signIn(third.apiUrl);
    await killAndExpectNothingLeft(third, ports);
  });
});
