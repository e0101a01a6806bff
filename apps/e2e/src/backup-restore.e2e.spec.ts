import { runScript, type Stack, startStack, startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';

// The drill: back up a Vigil while it ingests, restore the backup into a fresh data directory,
// start it, and find every item acknowledged before the backup's point and the configuration as
// it was. Items sent after the point must not be there (the backup is a cut, not a smear).

const work = mkdtempSync(join(tmpdir(), 'vigil-drill-'));
const backupDir = join(work, 'backup');
const restoredDir = join(work, 'restored');
const stacks: Stack[] = [];
let receiver: WebhookReceiver | undefined;

afterAll(async () => {
  for (const stack of stacks) await stack.stop().catch(() => undefined);
  await receiver?.close();
  await rm(work, { recursive: true, force: true });
});

/** One ingest request: which sequence numbers it carried and when it was sent and answered. */
interface Sent {
  seqs: number[];
  sentAt: number;
  ackedAt: number | undefined;
}

const env = (dataDir: string) => ({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root', VIGIL_DATA_DIR: dataDir });

async function signIn(stack: Stack, admin: Stack['admin']): Promise<string> {
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  expect(login.status).toBe(200);
  return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers compared whole or read field by field
type Json = any;

function client(stack: Stack, cookie: string, projectId: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const response = await fetch(`${stack.apiUrl}${path}${path.includes('?') ? '&' : '?'}project=${projectId}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? null : JSON.parse(text) };
  };
}

/** The project's configuration as the API lists it; `lastUsedAt` changes with every ingest. */
async function configuration(api: ReturnType<typeof client>): Promise<Json> {
  const [keys, channels, policies, rules, settings] = await Promise.all(
    ['/api/v1/api-keys', '/api/v1/notification-channels', '/api/v1/notification-policies', '/api/v1/alert-rules', '/api/v1/project-settings'].map(async (path) => (await api('GET', path)).json),
  );
  return { keys: keys.keys.map(({ lastUsedAt: _, ...key }: Json) => key), channels, policies, rules, settings };
}

/** Sequence numbers of the drill's metric samples and log records stored in `stack`. */
async function storedSeqs(api: ReturnType<typeof client>, from: number, to: number): Promise<{ metrics: Set<number>; logs: Set<number> }> {
  const query = await api('GET', `/api/v1/metrics/query?name=drill_metric&from=${from}&to=${to}`);
  expect(query.status).toBe(200);
  const metrics = new Set<number>(query.json.series.flatMap((series: { points: [number, number][] }) => series.points.map(([, value]) => value)));
  const logs = new Set<number>();
  let cursor: string | null = null;
  do {
    const page: { status: number; json: Json } = await api('GET', `/api/v1/logs?service=drill&from=${from}&to=${to}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    for (const record of page.json.records) logs.add(Number(/^drill (\d+)$/.exec(record.body)?.[1]));
    cursor = page.json.nextCursor;
  } while (cursor);
  return { metrics, logs };
}

describe('backup and restore', () => {
  it('restores everything acknowledged before the backup point, nothing sent after it, and the configuration as it was', async () => {
    receiver = await startWebhookReceiver();
    const original = await startStack();
    stacks.push(original);
    const { projectId = '', ingestKey = '', admin } = original;
    const api = client(original, await signIn(original, admin), projectId);

    // Configuration beyond the first start's: a key, a channel (its secret sealed with secret.key),
    // a policy, a rule (disabled, so no evaluation changes it after the backup) and settings.
    expect((await api('POST', '/api/v1/api-keys', { name: 'grafana', scopes: ['read'] })).status).toBe(201);
    const channel = await api('POST', '/api/v1/notification-channels', { name: 'on-call', kind: 'webhook', url: receiver.url });
    expect(channel.status).toBe(201);
    expect((await api('POST', '/api/v1/notification-policies', { name: 'everything', channelIds: [channel.json.channel.id] })).status).toBe(201);
    const rule = await api('POST', '/api/v1/alert-rules', {
      name: 'Drill latency',
      kind: 'metric_threshold',
      enabled: false,
      intervalSeconds: 60,
      spec: { query: { name: 'drill_metric' }, windowSeconds: 300, reducer: 'last', comparator: '>', critical: 1e12 },
    });
    expect(rule.status).toBe(201);
    expect((await api('PATCH', '/api/v1/project-settings', { retentionDays: 60 })).status).toBe(200);
    const before = await configuration(api);
    expect([before.keys.length, before.channels.channels.length, before.policies.policies.length, before.rules.rules.length, before.settings.retentionDays]).toEqual([2, 1, 1, 1, 60]);

    // Ingest without pause: metric samples and log records numbered 0, 1, 2, … one timeline each.
    const base = Date.now() - 300_000;
    const metricRequests: Sent[] = [];
    const logRequests: Sent[] = [];
    let stop = false;
    const loop = async (requests: Sent[], send: (seqs: number[]) => Promise<Response>) => {
      for (let next = 0; !stop && next < 200_000; next += 20) {
        const sent: Sent = { seqs: Array.from({ length: 20 }, (_, i) => next + i), sentAt: Date.now(), ackedAt: undefined };
        requests.push(sent);
        const response = await send(sent.seqs);
        if (response.status === 200) sent.ackedAt = Date.now();
        await response.arrayBuffer();
      }
    };
    const headers = { authorization: `Bearer ${ingestKey}` };
    const load = Promise.all([
      loop(metricRequests, (seqs) =>
        fetch(`${original.apiUrl}/api/v1/ingest/metrics`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ samples: seqs.map((seq) => ({ name: 'drill_metric', labels: { drill: 'yes' }, value: seq, timestamp: base + seq })) }),
        }),
      ),
      loop(logRequests, (seqs) =>
        fetch(`${original.apiUrl}/api/v1/ingest/logs`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-ndjson' },
          body: seqs.map((seq) => JSON.stringify({ service: 'drill', message: `drill ${seq}`, timestamp: base + seq })).join('\n'),
        }),
      ),
    ]);
    const acked = (requests: Sent[]) => requests.filter((sent) => sent.ackedAt !== undefined).length;
    while (acked(metricRequests) < 30 || acked(logRequests) < 30) await new Promise((done) => setTimeout(done, 20));

    const backup = await runScript('backup.mjs', [backupDir], env(original.dataDir));
    expect(backup.code, backup.output).toBe(0);
    // Ingest goes on after the backup too, then stops.
    const afterBackup = acked(metricRequests) + acked(logRequests);
    while (acked(metricRequests) + acked(logRequests) < afterBackup + 20) await new Promise((done) => setTimeout(done, 20));
    stop = true;
    await load;
    const manifest = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8')) as { point: string; exactCut: boolean };
    const point = Date.parse(manifest.point);
    expect(manifest.exactCut).toBe(true);
    // A second backup into the same (now full) directory is refused; so is a restore over data.
    const full = await runScript('backup.mjs', [backupDir], env(original.dataDir));
    expect(full.code).toBe(1);
    expect(full.output).toMatch(/is not empty/);
    await original.stop({ keepData: true });

    const restore = await runScript('restore.mjs', [backupDir, '--no-build'], env(restoredDir));
    expect(restore.code, restore.output).toBe(0);
    const again = await runScript('restore.mjs', [backupDir, '--no-build'], env(restoredDir));
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/is not empty/);

    const restored = await startStack({ dataDir: restoredDir });
    stacks.push(restored);
    // The admin signs in with the password of the original: users came along.
    const restoredApi = client(restored, await signIn(restored, admin), projectId);
    expect(await configuration(restoredApi)).toEqual(before);

    const stored = await storedSeqs(restoredApi, base - 1, base + 200_000);
    for (const [kind, requests, seqs] of [['metric', metricRequests, stored.metrics], ['log', logRequests, stored.logs]] as const) {
      const acknowledgedBefore = requests.filter((sent) => sent.ackedAt !== undefined && sent.ackedAt < point);
      const sentAfter = requests.filter((sent) => sent.sentAt > point);
      // Seen in the test log: how the requests fell around the point.
      console.log(`${kind}: ${acknowledgedBefore.length} requests acknowledged before the point, ${sentAfter.length} sent after it, ${requests.length - acknowledgedBefore.length - sentAfter.length} in flight across it`);
      expect(acknowledgedBefore.length, `${kind} requests acknowledged before the point`).toBeGreaterThanOrEqual(30);
      expect(sentAfter.length, `${kind} requests sent after the point`).toBeGreaterThan(0);
      expect(acknowledgedBefore.flatMap((sent) => sent.seqs).filter((seq) => !seqs.has(seq)), `${kind} items acknowledged before the point and missing`).toEqual([]);
      expect(sentAfter.flatMap((sent) => sent.seqs).filter((seq) => seqs.has(seq)), `${kind} items sent after the point and present`).toEqual([]);
    }

    // The ingest key works, and the channel signs with the secret it had: secret.key came along.
    expect((await fetch(`${restored.apiUrl}/api/v1/ingest/metrics`, { method: 'POST', headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' }, body: '{"samples":[{"name":"after_restore","value":1}]}' })).status).toBe(200);
    const test = await restoredApi('POST', `/api/v1/notification-channels/${channel.json.channel.id}/test`);
    expect(test.status, JSON.stringify(test.json)).toBe(200);
    const delivered = receiver.received.at(-1);
    expect(() => new Webhook(channel.json.secret).verify(delivered?.body ?? '', delivered?.headers as Record<string, string>)).not.toThrow();
  });
});
