import { postIngestJson, startStack, type Stack } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The edges of the Vigil JSON endpoints against the built standalone: invalid UTF-8, records and
// samples that break the schema, content types, and requests whose every item is refused
// (docs/ingest.md, "Answers of the Vigil JSON endpoints"). Every 400 names each place at fault in
// the problem's errors[]. A refused request must store nothing, so each case reads back.
let stack: Stack;
let cookie: string;

beforeAll(async () => {
  stack = await startStack();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  await stack?.stop();
});

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => Buffer.from(part)));

function post(path: string, body: string | Buffer, contentType: string): Promise<Response> {
  return fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${stack.ingestKey ?? ''}`, 'content-type': contentType }, body });
}

async function problem(response: Response): Promise<{ status: number; detail: string; errors?: { path: string; message: string }[] }> {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { status: number; detail: string; errors?: { path: string; message: string }[] };
}

async function storedLogs(service: string): Promise<number> {
  const search = new URLSearchParams({ project: stack.projectId ?? '', service, from: String(Date.now() - 8 * 86_400_000), to: String(Date.now() + 3_600_000) });
  const response = await fetch(`${stack.apiUrl}/api/v1/logs/count?${search}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { count: number }).count;
}

async function storedSamples(name: string): Promise<number> {
  const search = new URLSearchParams({ project: stack.projectId ?? '', name, from: String(Date.now() - 8 * 86_400_000), to: String(Date.now() + 3_600_000) });
  const response = await fetch(`${stack.apiUrl}/api/v1/metrics/query?${search}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const { series } = (await response.json()) as { series: { points: unknown[] }[] };
  return series.reduce((total, one) => total + one.points.length, 0);
}

describe('invalid UTF-8', () => {
  it('refuses metrics naming the sample and label, and stores none of the request', async () => {
    const response = await post(
      '/api/v1/ingest/metrics',
      bytes('{"samples":[{"name":"utf8_metric","value":1},{"name":"utf8_metric","value":2,"labels":{"host":"caf', [0xe9], '"}}]}'),
      'application/json',
    );
    expect(response.status).toBe(400);
    expect(await problem(response)).toMatchObject({
      detail: 'The request body is not valid UTF-8 at samples[1].labels.host (byte offset 98, line 1).',
      errors: [{ path: 'samples[1].labels.host', message: 'not valid UTF-8 (byte offset 98, line 1)' }],
    });
    expect(await storedSamples('utf8_metric')).toBe(0);
  });

  it('refuses NDJSON and JSON logs naming the line or record and the field, and stores none of them', async () => {
    const ndjson = await post('/api/v1/ingest/logs', bytes('{"service":"utf8","message":"fine"}\n{"service":"utf8","message":"caf', [0xe9], '"}\n'), 'application/x-ndjson');
    expect(ndjson.status).toBe(400);
    expect(await problem(ndjson)).toMatchObject({
      detail: 'vigil logs: line 2: message: not valid UTF-8 (byte offset 68)',
      errors: [{ path: 'line 2: message', message: 'not valid UTF-8 (byte offset 68)' }],
    });
    const json = await post('/api/v1/ingest/logs', bytes('[{"service":"utf8","message":"fine"},{"service":"utf8","message":"x","attributes":{"k":"', [0xc3, 0x28], '"}}]'), 'application/json');
    expect(json.status).toBe(400);
    expect(await problem(json)).toMatchObject({
      detail: 'vigil logs: record 1: attributes.k: not valid UTF-8 (byte offset 88, line 1)',
      errors: [{ path: 'record 1: attributes.k', message: 'not valid UTF-8 (byte offset 88, line 1)' }],
    });
    expect(await storedLogs('utf8')).toBe(0);
  });
});

describe('records and samples that break the schema', () => {
  it('refuses logs naming each field at fault by line or record, and stores none of the request', async () => {
    const lines = ['{"service":"shape","message":"fine"}', '{"service":"shape","message":"also fine"}', '{"service":"shape","message":"x","attributes":{"ok":1,"x":{"nested":true}},"level":"info"}'];
    const ndjson = await problem(await post('/api/v1/ingest/logs', lines.join('\n'), 'application/x-ndjson'));
    expect(ndjson.status).toBe(400);
    expect(ndjson.errors?.map((error) => error.path)).toEqual(['line 3: attributes.x', 'line 3: level']);
    expect(ndjson.errors?.[1]).toEqual({ path: 'line 3: level', message: 'unknown field "level"' });
    expect(ndjson.detail).toMatch(/^vigil logs: line 3: attributes\.x: /);
    const json = await problem(await post('/api/v1/ingest/logs', JSON.stringify([{ service: 'shape', message: 'fine' }, { service: 'shape', message: 'x', trace_id: 'abc' }]), 'application/json'));
    expect(json).toMatchObject({ status: 400, detail: 'vigil logs: record 1: trace_id: must be 32 hex characters', errors: [{ path: 'record 1: trace_id', message: 'must be 32 hex characters' }] });
    const broken = await problem(await post('/api/v1/ingest/logs', '{"service":"shape","message":"fine"}\n{"service":', 'application/x-ndjson'));
    expect(broken.status).toBe(400);
    expect(broken.errors).toEqual([{ path: 'line 2', message: expect.stringMatching(/^invalid JSON: /) as unknown }]);
    expect(await storedLogs('shape')).toBe(0);
  });

  it('refuses metrics naming each sample field at fault, and stores none of the request', async () => {
    const body = { samples: [{ name: 'shape_metric', value: 1 }, { name: 'shape_metric', value: 2 }, { name: 'shape_metric', value: 'three', labels: { host: 7 } }] };
    const answer = await problem(await postIngestJson(stack, '/api/v1/ingest/metrics', body));
    expect(answer.status).toBe(400);
    expect(answer.errors?.map((error) => error.path)).toEqual(['samples[2].labels.host', 'samples[2].value']);
    expect(answer.detail).toMatch(/^Invalid metrics payload: samples\[2\]\.labels\.host: .* \(and 1 more\)$/);
    expect(await storedSamples('shape_metric')).toBe(0);
  });
});

describe('content types', () => {
  it('answers 415 naming what each endpoint reads', async () => {
    const cases: [string, string, string][] = [
      ['/api/v1/ingest/logs', 'application/x-protobuf', 'This endpoint does not accept Content-Type "application/x-protobuf"; send application/json or application/x-ndjson.'],
      ['/api/v1/ingest/logs', 'text/plain', 'This endpoint does not accept Content-Type "text/plain"; send application/json or application/x-ndjson.'],
      ['/api/v1/ingest/metrics', 'text/plain', 'This endpoint does not accept Content-Type "text/plain"; send application/json.'],
      ['/api/v1/write', 'application/json', 'This endpoint does not accept Content-Type "application/json"; send application/x-protobuf.'],
      ['/v1/logs', 'application/x-ndjson', 'This endpoint does not accept Content-Type "application/x-ndjson"; send application/x-protobuf or application/json.'],
    ];
    for (const [path, type, detail] of cases) {
      const response = await post(path, '{"service":"typed","message":"x"}', type);
      expect(response.status, `${path} ${type}`).toBe(415);
      expect(await problem(response), `${path} ${type}`).toMatchObject({ status: 415, detail });
    }
    expect(await storedLogs('typed')).toBe(0);
  });
});

describe('every item refused', () => {
  const future = () => Date.now() + 3_600_000;

  it('is a 400 naming the limit on both endpoints, and stores nothing', async () => {
    const logs = await post('/api/v1/ingest/logs', [{ service: 'skewed', message: 'a', timestamp: future() }, { service: 'skewed', message: 'b', timestamp: future() }].map((record) => JSON.stringify(record)).join('\n'), 'application/x-ndjson');
    expect(logs.status).toBe(400);
    const logsProblem = await problem(logs);
    expect(logsProblem.detail).toMatch(/^Nothing stored: refused 2 log records: timestamp more than 10 minutes ahead \(limit max_future\) at line 1; .* at line 2\.$/);
    expect(logsProblem.errors).toEqual([
      { path: 'line 1: timestamp', message: 'timestamp more than 10 minutes ahead (limit max_future)' },
      { path: 'line 2: timestamp', message: 'timestamp more than 10 minutes ahead (limit max_future)' },
    ]);
    const metrics = await post(
      '/api/v1/ingest/metrics',
      JSON.stringify({ samples: [{ name: 'skewed_metric', value: 1, timestamp: future() }, { name: 'skewed_metric', value: 2, labels: { path: 'x'.repeat(3000) } }] }),
      'application/json',
    );
    expect(metrics.status).toBe(400);
    const metricsProblem = await problem(metrics);
    expect(metricsProblem.detail).toMatch(/^Nothing stored: refused 2 samples: samples\[0\] \(skewed_metric\): timestamp more than 10 minutes ahead \(limit max_future\); samples\[1\] .*\.$/);
    expect(metricsProblem.errors).toEqual([
      { path: 'samples[0].timestamp', message: 'timestamp more than 10 minutes ahead (limit max_future)' },
      { path: 'samples[1].labels.path', message: 'label value of path longer than 2048 characters (limit label_value_length)' },
    ]);
    expect(await storedLogs('skewed')).toBe(0);
    expect(await storedSamples('skewed_metric')).toBe(0);
  });

  it('while partial acceptance is a 200 with what was refused, on both endpoints', async () => {
    const logs = await post('/api/v1/ingest/logs', JSON.stringify([{ service: 'partly', message: 'kept' }, { service: 'partly', message: 'late', timestamp: future() }]), 'application/json');
    expect(logs.status).toBe(200);
    expect(await logs.json()).toEqual({ accepted: 1, rejected: 1, reasons: ['timestamp more than 10 minutes ahead (limit max_future) at record 1'] });
    const metrics = await post('/api/v1/ingest/metrics', JSON.stringify({ samples: [{ name: 'partly_metric', value: 1 }, { name: 'partly_metric', value: 2, timestamp: future() }] }), 'application/json');
    expect(metrics.status).toBe(200);
    expect(await metrics.json()).toEqual({ accepted: 1, rejected: 1, reasons: ['samples[1] (partly_metric): timestamp more than 10 minutes ahead (limit max_future)'] });
    expect(await storedLogs('partly')).toBe(1);
    expect(await storedSamples('partly_metric')).toBe(1);
  });
});
