import { startPrometheus, startStack, type PrometheusServer, type Stack } from '@vigil/testing';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: Stack;
let prometheus: PrometheusServer;
let target: Server;
let cookie: string;

/** A scrape target whose values change on every scrape, so each sample is checkable. */
function startTarget(): Promise<{ server: Server; address: string }> {
  let scrapes = 0;
  const server = createServer((_request, response) => {
    scrapes += 1;
    response.setHeader('content-type', 'text/plain; version=0.0.4');
    response.end(
      [
        '# TYPE e2e_jobs_processed_total counter',
        `e2e_jobs_processed_total{queue="emails"} ${scrapes * 3}`,
        '# TYPE e2e_temperature_celsius gauge',
        `e2e_temperature_celsius{room="lab"} ${20 + scrapes / 4}`,
        '',
      ].join('\n'),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, address: typeof address === 'object' && address ? `127.0.0.1:${address.port}` : '' });
  }));
}

beforeAll(async () => {
  stack = await startStack();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const scraped = await startTarget();
  target = scraped.server;
  prometheus = await startPrometheus({ targets: [scraped.address], remoteWrite: { url: `${stack.apiUrl}/api/v1/write`, bearerToken: stack.ingestKey ?? '' } });
});

afterAll(async () => {
  await prometheus?.stop();
  target?.close();
  await stack?.stop();
});

type Series = { labels: Record<string, string>; points: [number, number][] };

async function vigilSamples(name: string, from: number, to: number): Promise<Map<number, number>> {
  const search = new URLSearchParams({ project: stack.projectId ?? '', name, from: String(from), to: String(to), match: 'job="e2e"' });
  const response = await fetch(`${stack.apiUrl}/api/v1/metrics/query?${search}`, { headers: { cookie } });
  const { series } = (await response.json()) as { series: Series[] };
  return new Map(series.flatMap((found) => found.points));
}

async function prometheusSamples(name: string, at: number): Promise<Map<number, number>> {
  const data = await prometheus.api<{ result: { values: [number, string][] }[] }>('/api/v1/query', { query: `${name}{job="e2e"}[5m]`, time: String(at / 1000) });
  return new Map(data.result.flatMap((found) => found.values.map(([seconds, value]) => [Math.round(seconds * 1000), Number(value)] as [number, number])));
}

describe('Prometheus remote_write into Vigil', () => {
  it.each(['e2e_jobs_processed_total', 'e2e_temperature_celsius', 'up'])('stores exactly what Prometheus scraped for %s', async (name) => {
    const started = Date.now();
    let vigil = new Map<number, number>();
    // Remote write lags scraping by up to a second or two; wait (bounded) for five samples.
    while (vigil.size < 5 && Date.now() - started < 30_000) {
      await new Promise((done) => setTimeout(done, 1_000));
      vigil = await vigilSamples(name, started - 300_000, Date.now() + 1_000);
    }
    expect(vigil.size).toBeGreaterThanOrEqual(5);
    const own = await prometheusSamples(name, Date.now());
    const lastInVigil = Math.max(...vigil.keys());
    const expected = new Map([...own].filter(([timestamp]) => timestamp <= lastInVigil));
    expect(vigil).toEqual(expected);
  });
});
