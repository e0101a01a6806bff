import { postIngestJson, type Stack, startStack } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Logs search, histogram, count and tail (docs/query.md, Logs) against the built standalone.
let stack: Stack;
let cookie: string;
const T0 = Date.now() - 60_000;

beforeAll(async () => {
  stack = await startStack();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const records = [
    ...Array.from({ length: 250 }, (_, index) => ({ timestamp: T0, service: 'burst', message: `burst record ${index}` })),
    { timestamp: T0 + 1_000, service: 'checkout', severity: 'error', message: 'Payment DECLINED for order 77', attributes: { 'http.route': '/pay' } },
    { timestamp: T0 + 2_000, service: 'checkout', severity: 'info', message: 'payment accepted for order 78', attributes: { 'http.route': '/pay' } },
    { timestamp: T0 + 3_000, service: 'search', severity: 'warn', message: `odd '); DROP TABLE logs; -- 100% a_b \\ "q" ☃`, trace_id: '0af7651916cd43dd8448eb211c80319c' },
  ];
  await ingest(records);
});

afterAll(async () => {
  await stack?.stop();
});

async function ingest(records: unknown[]): Promise<void> {
  const response = await postIngestJson(stack, '/api/v1/ingest/logs', records);
  expect(response.status, await response.clone().text()).toBe(200);
}

function url(path: string, params: [string, string][]): string {
  const search = new URLSearchParams([['project', stack.projectId ?? ''], ...params]);
  return `${stack.apiUrl}/api/v1/logs${path}?${search}`;
}

const range = (): [string, string][] => [
  ['from', String(T0 - 60_000)],
  ['to', String(Date.now() + 60_000)],
];

async function get<T>(path: string, params: [string, string][]): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url(path, params), { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

interface Page {
  records: { body: string; timestampMs: number; service: string }[];
  nextCursor: string | null;
}

describe('GET /api/v1/logs', () => {
  it('pages 250 records of one millisecond by 100 with no duplicate and no gap', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const params: [string, string][] = [...range(), ['service', 'burst'], ['limit', '100']];
      if (cursor) params.push(['cursor', cursor]);
      const { status, body }: { status: number; body: Page } = await get<Page>('', params);
      expect(status).toBe(200);
      sizes.push(body.records.length);
      seen.push(...body.records.map((record) => record.body));
      cursor = body.nextCursor;
    } while (cursor !== null && sizes.length < 10);
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
  });

  it('searches words, phrases and exclusions with filters, and treats injection text as text', async () => {
    const bodies = async (params: [string, string][]) => (await get<Page>('', [...range(), ...params])).body.records.map((record) => record.body);
    expect(await bodies([['q', 'payment -declined']])).toEqual(['payment accepted for order 78']);
    expect(await bodies([['q', '"for order"'], ['severity', 'error'], ['attr', 'http.route=/pay']])).toEqual(['Payment DECLINED for order 77']);
    expect(await bodies([['q', `"'); DROP TABLE logs; --"`]])).toHaveLength(1);
    expect(await bodies([['q', '"100%" a_b']])).toHaveLength(1);
    expect(await bodies([['trace_id', '0AF7651916CD43DD8448EB211C80319C']])).toHaveLength(1);
    expect(await bodies([['service', `x'); DROP TABLE logs; --`], ['attr', `'=\\'`]])).toEqual([]);
    expect((await get<{ count: number }>('/count', range())).body.count).toBe(253);
  });

  it('refuses bad parameters with a problem naming them', async () => {
    const garbage = await get<{ detail: string; errors: { path: string }[] }>('', [...range(), ['cursor', 'bm90LWEtY3Vyc29y']]);
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0]?.path).toBe('cursor');
    const severity = await get<{ detail: string }>('', [...range(), ['severity', 'loud']]);
    expect(severity.status).toBe(400);
    expect(severity.body.detail).toMatch(/severity/);
    const attr = await get<{ detail: string }>('/count', [...range(), ['attr', 'no-operator']]);
    expect(attr.status).toBe(400);
    expect(attr.body.detail).toMatch(/attr/);
  });
});

describe('GET /api/v1/logs/histogram', () => {
  it('counts per bucket and level for the same search, and refuses too many buckets', async () => {
    const start = Math.floor(T0 / 1000) * 1000;
    const { status, body } = await get<{ step: number; buckets: { t: number; total: number; bySeverity: Record<string, number> }[] }>('/histogram', [
      ['from', String(start)],
      ['to', String(start + 5_999)],
      ['step', '1000'],
      ['service', 'checkout'],
    ]);
    expect(status).toBe(200);
    expect(body.step).toBe(1000);
    expect(body.buckets.map((bucket) => bucket.t)).toEqual([0, 1, 2, 3, 4, 5].map((i) => start + i * 1000));
    expect(body.buckets.flatMap((bucket) => Object.entries(bucket.bySeverity))).toEqual([
      ['error', 1],
      ['info', 1],
    ]);
    const tooMany = await get<{ status: number; detail: string }>('/histogram', [...range(), ['step', '1']]);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.detail).toMatch(/step/);
  });
});

describe('GET /api/v1/logs/services', () => {
  it('lists services and attribute keys/values with logs in the range, by prefix, and refuses bad parameters', async () => {
    expect((await get<{ services: string[] }>('/services', range())).body.services).toEqual(['burst', 'checkout', 'search']);
    expect((await get<{ services: string[] }>('/services', [...range(), ['prefix', 'ch']])).body.services).toEqual(['checkout']);
    expect((await get<{ keys: string[] }>('/attributes', range())).body.keys).toEqual(['http.route']);
    expect((await get<{ values: string[] }>('/attribute-values', [...range(), ['key', 'http.route']])).body.values).toEqual(['/pay']);
    expect((await get<{ detail: string }>('/attribute-values', range())).status).toBe(400);
    const bad = await get<{ detail: string }>('/services', [...range(), ['limit', '0']]);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/limit/);
  });
});

interface Tail {
  status: number;
  headers: Headers;
  events: { event: string; data: string }[];
  comments: string[];
  closed: Promise<void>;
  close(): void;
}

/** Opens a tail and collects its events until it is closed or the server ends it. */
async function openTail(params: [string, string][] = []): Promise<Tail> {
  const controller = new AbortController();
  const response = await fetch(url('/tail', params), { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  const events: Tail['events'] = [];
  const comments: string[] = [];
  let closed: Promise<void> = Promise.resolve();
  if (response.status === 200 && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    closed = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            comments.push(...lines.filter((line) => line.startsWith(':')));
            const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
            const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
            if (event && data) events.push({ event, data });
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  } else {
    await response.body?.cancel();
  }
  return { status: response.status, headers: response.headers, events, comments, closed, close: () => controller.abort() };
}

/**
 * Opens `count` tails, again until all of them are accepted or 10 s have passed: a tail the client
 * has closed holds its slot until the server notices the disconnect and stops that poll.
 */
async function openTailsOnceFree(count: number): Promise<Tail[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const tails = await Promise.all(Array.from({ length: count }, () => openTail()));
    if (tails.every((tail) => tail.status === 200) || Date.now() > deadline) return tails;
    for (const tail of tails) tail.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('GET /api/v1/logs/tail', () => {
  it('streams new matching records once, oldest first, late ones too', async () => {
    const opened = Date.now();
    const tail = await openTail([['q', 'tailword']]);
    try {
      expect(tail.status).toBe(200);
      expect(tail.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await until('the tail to start', () => tail.comments.includes(': tail started'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = Date.now();
      await ingest([
        { timestamp: now, message: 'tailword second' },
        { timestamp: now - 5, message: 'tailword first' },
        { timestamp: now, message: 'not for this tail' },
        { timestamp: opened - 20_000, message: 'tailword from before the tail' },
      ]);
      await until('records', () => tail.events.length > 0);
      // Late: its timestamp is seconds older than records already sent, but after the tail opened.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await ingest([{ timestamp: now - 2, message: 'tailword late' }]);
      await until('the late record', () => tail.events.length > 1);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const received = tail.events.flatMap((event) => (JSON.parse(event.data) as { records: { body: string }[] }).records.map((record) => record.body));
      expect(received).toEqual(['tailword first', 'tailword second', 'tailword late']);
    } finally {
      tail.close();
      await tail.closed;
    }
  });

  it('allows 10 tails per project, answers 429 with Retry-After beyond, and frees slots when clients leave', async () => {
    const tails = await Promise.all(Array.from({ length: 10 }, () => openTail()));
    expect(tails.map((tail) => tail.status)).toEqual(Array(10).fill(200));
    const refused = await openTail();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const tail of tails) tail.close();
    await Promise.all(tails.map((tail) => tail.closed));
    const reopened = await openTailsOnceFree(10);
    expect(reopened.map((tail) => tail.status)).toEqual(Array(10).fill(200));
    for (const tail of reopened) tail.close();
    await Promise.all(reopened.map((tail) => tail.closed));
  });

  it('ends open tails on a graceful shutdown so the server stops promptly', async () => {
    // The tails of the test before were closed by the client; their slots may not be free yet.
    const [tail] = await openTailsOnceFree(1);
    if (!tail) throw new Error('openTailsOnceFree(1) returned no tail');
    expect(tail.status).toBe(200);
    await until('the tail to start', () => tail.comments.includes(': tail started'));
    const started = Date.now();
    expect(await stack.stopApi('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    await tail.closed;
  });
});
