import { encodeOtlpLogs, encodeRemoteWrite, encodeWriteRequest } from '@vigil/ingest';
import { compressSync } from 'snappy';
import { startStack, type Stack } from '@vigil/testing';
import { afterAll, describe, expect, it } from 'vitest';

const stacks: Stack[] = [];
/** The stack restarted after SIGKILL, with the key and login of its first start. */
let survivor: { stack: Stack; ingestKey: string } | undefined;
afterAll(async () => {
  for (const stack of stacks) await stack.stop().catch(() => undefined);
});

async function signIn(stack: Stack): Promise<string> {
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

function remoteWrite(stack: Stack, key: string, body: Buffer): Promise<Response> {
  return fetch(`${stack.apiUrl}/api/v1/write`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
    body,
  });
}

async function countPoints(stack: Stack, cookie: string, projectId: string, name: string, from: number, to: number): Promise<number> {
  const search = new URLSearchParams({ project: projectId, name, from: String(from), to: String(to) });
  const response = await fetch(`${stack.apiUrl}/api/v1/metrics/query?${search}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const { series } = (await response.json()) as { series: { points: unknown[] }[] };
  return series.reduce((total, found) => total + found.points.length, 0);
}

describe('acknowledged means durable', () => {
  it('keeps every acknowledged sample when the process is killed with SIGKILL under load', async () => {
    const stack = await startStack();
    stacks.push(stack);
    const { projectId = '', ingestKey = '', admin, dataDir } = stack;
    const start = Math.floor(Date.now() / 1000) * 1000 - 600_000;
    let acknowledged = 0;
    let requests = 0;
    let killed = false;
    // Four senders, each request 50 series × 10 samples at fresh timestamps, bounded by count.
    const sender = async (id: number) => {
      for (let round = 0; round < 400 && !killed; round += 1) {
        const series = Array.from({ length: 50 }, (_, s) => ({
          labels: { __name__: 'durability_test', sender: String(id), series: String(s) },
          samples: Array.from({ length: 10 }, (_, i) => ({ value: round * 10 + i, timestamp: start + round * 10 + i })),
        }));
        requests += 1;
        const response = await remoteWrite(stack, ingestKey, encodeRemoteWrite(series)).catch(() => undefined);
        if (response?.status === 204) acknowledged += 500;
        else if (response) await response.arrayBuffer();
      }
    };
    // And an OTLP logs sender beside them: 200 records a request.
    let acknowledgedLogs = 0;
    let logRequests = 0;
    const logSender = async () => {
      for (let round = 0; round < 400 && !killed; round += 1) {
        const logRecords = Array.from({ length: 200 }, (_, i) => ({
          timeUnixNano: String(BigInt(start + round * 200 + i) * 1_000_000n),
          severityNumber: 9,
          body: { stringValue: `durable line ${round}-${i}` },
        }));
        const body = encodeOtlpLogs({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'durability' } }] }, scopeLogs: [{ logRecords }] } as never] }, 'protobuf');
        logRequests += 1;
        const response = await fetch(`${stack.apiUrl}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/x-protobuf' }, body }).catch(() => undefined);
        if (response?.status === 200) acknowledgedLogs += 200;
        if (response) await response.arrayBuffer();
      }
    };
    const load = Promise.all([...[0, 1, 2, 3].map(sender), logSender()]);
    while (acknowledged < 20_000 || acknowledgedLogs < 4_000) await new Promise((done) => setTimeout(done, 20));
    await stack.stopApi('SIGKILL');
    killed = true;
    await load;
    expect(requests).toBeGreaterThan(acknowledged / 500);

    // The killed stack's processes are gone; its data directory now belongs to the restart.
    stacks.splice(stacks.indexOf(stack), 1);
    await stack.stop({ keepData: true });
    const restarted = await startStack({ dataDir });
    stacks.push(restarted);
    const cookie = await signIn({ ...restarted, admin });
    const stored = await countPoints(restarted, cookie, projectId, 'durability_test', start - 1, start + 10_000);
    expect(stored).toBeGreaterThanOrEqual(acknowledged);
    // Nothing is invented: at most every request that was sent.
    expect(stored).toBeLessThanOrEqual(requests * 500);
    const logs = new URLSearchParams({ project: projectId, service: 'durability', from: String(start - 1), to: String(start + 100_000) });
    const { count: storedLogs } = (await (await fetch(`${restarted.apiUrl}/api/v1/logs/count?${logs}`, { headers: { cookie } })).json()) as { count: number };
    expect(storedLogs).toBeGreaterThanOrEqual(acknowledgedLogs);
    expect(storedLogs).toBeLessThanOrEqual(logRequests * 200);
    survivor = { stack: restarted, ingestKey };
  });
});

describe('limits and overload', () => {
  it('answers 503 with Retry-After when the write queue is over its bound, and stores nothing of it', async () => {
    const stack = await startStack({ env: { INGEST_MAX_PENDING_BYTES: '1000' } });
    stacks.push(stack);
    const now = Date.now();
    const series = Array.from({ length: 200 }, (_, s) => ({ labels: { __name__: 'overload_test', series: String(s) }, samples: [{ value: 1, timestamp: now }] }));
    const response = await remoteWrite(stack, stack.ingestKey ?? '', encodeRemoteWrite(series));
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const cookie = await signIn(stack);
    expect(await countPoints(stack, cookie, stack.projectId ?? '', 'overload_test', now - 1, now + 1)).toBe(0);
  });

  it('stores what is within limits, refuses the rest, and names the limit (remote_write 400, JSON 200 with reasons)', async () => {
    if (!survivor) throw new Error('runs after the durability test, on the stack it restarted');
    const { stack, ingestKey: key } = survivor;
    const now = Date.now();
    const tooOld = now - 30 * 86_400_000;
    const body = encodeRemoteWrite([
      { labels: { __name__: 'limits_test', case: 'fine' }, samples: [{ value: 1, timestamp: now }] },
      { labels: { __name__: 'limits_test', case: 'old' }, samples: [{ value: 2, timestamp: tooOld }] },
      { labels: { __name__: 'limits_test', case: 'x'.repeat(3000) }, samples: [{ value: 3, timestamp: now }] },
    ]);
    const response = await remoteWrite(stack, key, body);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toMatch(/^Stored 1 samples, refused 2 samples: /);
    expect(problem.detail).toMatch(/max_age/);
    expect(problem.detail).toMatch(/label_value_length/);

    // A body that does not decode names the field at fault in errors[], as JSON bodies do.
    const raw = encodeWriteRequest([{ labels: { __name__: 'limits_test', job: 'zz' }, samples: [{ value: 1, timestamp: now }] }]);
    raw.set([0xc3, 0x28], raw.lastIndexOf(Buffer.from('zz')));
    const malformed = await remoteWrite(stack, key, compressSync(raw));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      detail: 'remote_write: timeseries[0].labels[1]: label value is not valid UTF-8',
      errors: [{ path: 'timeseries[0].labels[1]', message: 'label value is not valid UTF-8' }],
    });

    const json = await fetch(`${stack.apiUrl}/api/v1/ingest/metrics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ samples: [{ name: 'limits_json', value: 1, timestamp: now }, { name: 'limits_json', value: 2, timestamp: tooOld }] }),
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ accepted: 1, rejected: 1, reasons: [expect.stringMatching(/samples\[1\] \(limits_json\): timestamp older than .* \(limit max_age\)/)] });
  });
});
