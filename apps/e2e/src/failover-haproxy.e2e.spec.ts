import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  freePort,
  HAPROXY_BINARY,
  haproxyInstalled,
  type HaproxyServer,
  type ProbeTarget,
  startHaproxy,
  startHttpTarget,
  startStack,
  type Stack,
  waitForExit,
} from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// docs/failover.md end to end: the built standalone watches a primary and a standby; a real
// HAProxy (Debian's `haproxy`) sends a client's requests to the primary; the receiver of the
// failover webhook (scripts/haproxy-failover-receiver.mjs) switches HAProxy's backend through its
// runtime API when Vigil fails over. Skipped only when the haproxy binary is absent.

const INTERVAL_S = 10;
const TIMEOUT_MS = 2_000;
const FALL = 2;
/** Scheduling on a busy 2-core machine, and the webhook's trip through the outbox. */
const SLACK_MS = 6_000;
const RECEIVER = resolve(__dirname, '../../../scripts/haproxy-failover-receiver.mjs');

let stack: Stack;
let cookie: string;
let primary: ProbeTarget;
let standby: ProbeTarget;
let haproxy: HaproxyServer;
let receiver: ChildProcess | undefined;
let receiverOutput = '';
let dir: string;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}${path}${path.includes('?') ? '&' : '?'}project=${stack.projectId ?? ''}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : JSON.parse(text) };
}

/** Which server answered a client's request through HAProxy ('' when none did). */
const throughHaproxy = () => fetch(haproxy.url).then((response) => response.text(), () => '');

async function waitFor<T>(what: string, probe: () => Promise<T | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; receiver said:\n${receiverOutput}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe.skipIf(!haproxyInstalled())(`failover through a real HAProxy (needs ${HAPROXY_BINARY}: apt-get install haproxy)`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-failover-haproxy-'));
    stack = await startStack();
    const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    primary = await startHttpTarget((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('primary'));
    standby = await startHttpTarget((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('standby'));
    haproxy = await startHaproxy('web', [
      { name: 'primary', address: `127.0.0.1:${primary.port}` },
      { name: 'standby', address: `127.0.0.1:${standby.port}` },
    ]);

    const receiverPort = await freePort();
    const channel = await call('POST', '/api/v1/notification-channels', { name: 'haproxy', kind: 'webhook', url: `http://127.0.0.1:${receiverPort}/` });
    writeFileSync(join(dir, 'secret'), channel.json.secret, { mode: 0o600 });
    receiver = spawn(process.execPath, [RECEIVER, '--listen', `127.0.0.1:${receiverPort}`, '--secret-file', join(dir, 'secret'), '--haproxy', haproxy.runtimeApi, '--backend', 'web'], { stdio: ['ignore', 'pipe', 'pipe'] });
    receiver.stdout?.on('data', (chunk: Buffer) => (receiverOutput += chunk.toString()));
    receiver.stderr?.on('data', (chunk: Buffer) => (receiverOutput += chunk.toString()));
    await waitFor('the receiver to listen', async () => receiverOutput.includes('listening'), 10_000);

    const check = async (name: string, url: string) => (await call('POST', '/api/v1/checks', { name, kind: 'http', spec: { url }, intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, retries: 0 })).json.check.id as string;
    const group = await call('POST', '/api/v1/failover-groups', {
      name: 'web',
      fall: FALL,
      rise: 2,
      channelIds: [channel.json.channel.id],
      targets: [
        { name: 'primary', address: `127.0.0.1:${primary.port}`, checkId: await check('primary', primary.url) },
        { name: 'standby', address: `127.0.0.1:${standby.port}`, checkId: await check('standby', standby.url) },
      ],
    });
    expect(group.status, JSON.stringify(group.json)).toBe(201);
  }, 240_000);

  afterAll(async () => {
    if (receiver && receiver.exitCode === null) {
      receiver.kill('SIGTERM');
      await waitForExit(receiver, 10_000).catch(() => undefined);
    }
    await haproxy?.stop();
    await primary?.stop().catch(() => undefined);
    await standby?.stop().catch(() => undefined);
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("moves a client's requests through HAProxy to the standby when the primary is killed, within fall × interval + timeout", async () => {
    // The group's first decision (the primary) reaches the receiver too.
    await waitFor('the first webhook', async () => receiverOutput.includes('applied → primary'), 30_000);
    expect(await throughHaproxy()).toBe('primary');

    const killedAt = Date.now();
    await primary.stop();
    await waitFor('HAProxy to send requests to the standby', async () => (await throughHaproxy()) === 'standby', FALL * INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS * 2);
    const switchedMs = Date.now() - killedAt;
    expect(switchedMs).toBeLessThanOrEqual(FALL * INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    for (let request = 0; request < 5; request++) expect(await throughHaproxy()).toBe('standby');
    expect(receiverOutput).toContain('applied → standby');
    console.info(`failover through HAProxy: primary killed → requests on the standby in ${switchedMs} ms (bound ${FALL * INTERVAL_S * 1000 + TIMEOUT_MS} ms + slack)`);
  }, 120_000);
});
