import { startPrometheus, startStack, type PrometheusServer, type Stack } from '@vigil/testing';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A real Prometheus scrapes a counter sampled every 15 s and remote-writes it to Vigil; Vigil's
// rate at steps of 4 s, 15 s, 1 m and 1 h must equal Prometheus' own rate(x[window]) evaluated
// where each step ends (docs/query.md, "Rates"). The stated bound: identical up to float
// rounding (relative 1e-9), because Vigil applies Prometheus' extrapolation in the same windows.
// The one documented difference, a sample exactly on a window's start (Prometheus 2.x counts
// it, Vigil does not), cannot occur here: every sample is 3.217 s past a 15-s mark, and every
// window starts on a whole second.
//
// Time is compressed: the target exposes each sample with its own timestamp (the exposition
// format allows it and Prometheus honours it), 15 s apart in sample time, and Prometheus
// scrapes it every second, each sample twice (a scrape that outlives its 1 s timeout on a busy
// machine is discarded by Prometheus after the target served it; the repeat, same timestamp and
// value, is stored once). So 9 minutes of 15-s samples take 72 s, not 9 minutes. Sample time
// runs ahead of the clock (Prometheus' remote_write sends nothing older than its own start),
// at most ~9 minutes (Prometheus stores nothing 10 minutes ahead), so the project accepts
// samples up to 30 minutes ahead for this test (Vigil's default is 10).

const INTERVAL = 15_000;
const OFFSET = 3_217;
const SAMPLES = 36;
const RESET_AT = 18;
/** Scrapes that serve each sample: one scrape may time out and lose what it was served. */
const SCRAPES_PER_SAMPLE = 2;
const ROUTES = { '/pay': 150, '/cart': 45 } as const;
let stack: Stack;
let prometheus: PrometheusServer;
let target: Server;
let cookie: string;
let base: number;
/** The target answers 503 until `base` is set, after Prometheus has started (see beforeAll). */
let serving = false;

/** The counter value of `route` at sample k: uneven increments, and a restart at RESET_AT. */
function counterValue(route: keyof typeof ROUTES, k: number): number {
  let value = route === '/pay' ? 5_000 : 2_000;
  for (let i = 1; i <= k; i++) value = i === RESET_AT && route === '/pay' ? 90 : value + ROUTES[route] + (i % 4) * 30;
  return value;
}

/** Latency histogram buckets (cumulative) at sample k: a shifting mix, so quantiles move. */
const BOUNDS = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'] as const;
function bucketValue(le: (typeof BOUNDS)[number], k: number): number {
  const shares: Record<(typeof BOUNDS)[number], number> = { '0.05': 4, '0.1': 9 + (k % 3), '0.25': 14 + (k % 5), '0.5': 17 + (k % 2), '1': 19, '+Inf': 20 };
  return 1_000 + k * shares[le] * 3;
}

function startTarget(): Promise<{ server: Server; address: string }> {
  let scrapes = 0;
  const server = createServer((_request, response) => {
    if (!serving) {
      response.statusCode = 503;
      response.end();
      return;
    }
    // Each sample twice, and the last one on (same timestamp): Prometheus' storage ignores the
    // repeat, but its remote_write may forward it (seen under load); Vigil reads one sample per
    // timestamp too (docs/query.md), so both hold the same samples.
    const k = Math.min(Math.floor(scrapes++ / SCRAPES_PER_SAMPLE), SAMPLES - 1);
    const at = base + k * INTERVAL;
    response.setHeader('content-type', 'text/plain; version=0.0.4');
    response.end(
      [
        '# TYPE agreement_requests_total counter',
        ...Object.keys(ROUTES).map((route) => `agreement_requests_total{route="${route}"} ${counterValue(route as keyof typeof ROUTES, k)} ${at}`),
        '# TYPE agreement_latency_seconds histogram',
        ...BOUNDS.map((le) => `agreement_latency_seconds_bucket{le="${le}"} ${bucketValue(le, k)} ${at}`),
        '',
      ].join('\n'),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, address: typeof address === 'object' && address ? `127.0.0.1:${address.port}` : '' });
    }),
  );
}

beforeAll(async () => {
  stack = await startStack();
  const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const settings = await fetch(`${stack.apiUrl}/api/v1/project-settings?project=${stack.projectId ?? ''}`, {
    method: 'PATCH',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ ingestLimits: { maxFutureMs: 30 * 60_000 } }),
  });
  if (settings.status !== 200) throw new Error(`project settings: ${settings.status} ${await settings.text()}`);
  const scraped = await startTarget();
  target = scraped.server;
  prometheus = await startPrometheus({ targets: [scraped.address], remoteWrite: { url: `${stack.apiUrl}/api/v1/write`, bearerToken: stack.ingestKey ?? '' } });
  // Sample time starts after Prometheus has (its remote_write drops samples older than its own
  // start, and on a loaded machine it can take longer to start than any fixed lead).
  base = Math.floor((Date.now() + 10_000) / INTERVAL) * INTERVAL + OFFSET;
  serving = true;
  // Every sample in Vigil (remote_write lags the scrapes): wait on the count, bounded.
  const last = base + (SAMPLES - 1) * INTERVAL;
  const expected = SAMPLES * Object.keys(ROUTES).length;
  const deadline = Date.now() + 180_000;
  let stored = 0;
  while (stored < expected && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 1_000));
    stored = (await vigil({ name: 'agreement_requests_total', from: String(base), to: String(last + 1) })).reduce((sum, series) => sum + series.points.length, 0);
  }
  if (stored !== expected) throw new Error(`Vigil holds ${stored} of the ${expected} samples Prometheus scraped`);
}, 300_000);

/** The samples both hold, as `route → [t, v][]`: any difference here would explain any below. */
async function storedSamples(): Promise<{ vigil: Record<string, [number, number][]>; prometheus: Record<string, [number, number][]> }> {
  const last = base + (SAMPLES - 1) * INTERVAL;
  const mine = await vigil({ name: 'agreement_requests_total', from: String(base - 60_000), to: String(last + 1) });
  const theirs = await prometheus.api<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>('/api/v1/query', {
    query: `agreement_requests_total{job="e2e"}[${(SAMPLES + 4) * 15}s]`,
    time: String((last + 1) / 1000),
  });
  return {
    vigil: Object.fromEntries(mine.map((s) => [s.labels['route'] ?? '', s.points.map(([t, v]) => [t, Number(v)] as [number, number])])),
    prometheus: Object.fromEntries(theirs.result.map((s) => [s.metric['route'] ?? '', s.values.map(([t, v]) => [Math.round(t * 1000), Number(v)] as [number, number])])),
  };
}

afterAll(async () => {
  await prometheus?.stop();
  target?.close();
  await stack?.stop();
});

type Series = { labels: Record<string, string>; points: [number, number | string][] };

async function vigil(params: Record<string, string>): Promise<Series[]> {
  const search = new URLSearchParams({ project: stack.projectId ?? '', match: 'job="e2e"', ...params });
  const response = await fetch(`${stack.apiUrl}/api/v1/metrics/query?${search}`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`GET /api/v1/metrics/query answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { series: Series[] }).series;
}

/** Prometheus' `expr` evaluated at each of `times` (ms), per route. */
async function prometheusAt(expr: string, times: number[]): Promise<Map<string, Map<number, number>>> {
  const step = times.length > 1 ? (times[1] as number) - (times[0] as number) : 1_000;
  const data = await prometheus.api<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>('/api/v1/query_range', {
    query: expr,
    start: String((times[0] as number) / 1000),
    end: String((times.at(-1) as number) / 1000),
    step: `${step / 1000}s`,
  });
  return new Map(data.result.map((found) => [found.metric['route'] ?? '', new Map(found.values.map(([seconds, value]) => [Math.round(seconds * 1000), Number(value)] as [number, number]))]));
}

/**
 * Vigil's points at `step` against Prometheus' `fn(x[window])` at each step's end: the same
 * steps have a value, and the values agree to 1e-9 relative. Returns how many points agreed.
 */
async function expectAgreement(step: number, window: number, fn: 'rate' | 'increase', explicitWindow = false): Promise<number> {
  const from = base - 5 * 60_000;
  const to = Math.ceil((base + SAMPLES * INTERVAL + 10 * 60_000) / step) * step;
  const series = await vigil({ name: 'agreement_requests_total', fn, step: String(step), from: String(from), to: String(to), ...(explicitWindow ? { window: String(window) } : {}) });
  const complete = (t: number) => t + step <= to;
  const ends: number[] = [];
  for (let t = Math.floor(from / step) * step; t + step <= to; t += step) ends.push(t + step);
  const own = await prometheusAt(`${fn}(agreement_requests_total{job="e2e"}[${window / 1000}s])`, ends);
  let agreed = 0;
  for (const route of Object.keys(ROUTES)) {
    const mine = series.find((s) => s.labels['route'] === route);
    const theirs = own.get(route) ?? new Map<number, number>();
    const points = (mine?.points ?? []).filter(([t]) => complete(t));
    expect(points.map(([t]) => t + step), `${route} step ${step}: the steps with a value`).toEqual([...theirs.keys()]);
    for (const [t, value] of points) {
      const expected = theirs.get(t + step) as number;
      expect(Math.abs((value as number) - expected), `${route} ${fn} step ${step} at ${new Date(t).toISOString()}: ${value} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
      agreed++;
    }
  }
  return agreed;
}

describe("Vigil's rates against Prometheus' rate() on the same remote-written samples", () => {
  it('starts from the same samples in both', async () => {
    const { vigil: mine, prometheus: theirs } = await storedSamples();
    expect(mine).toEqual(theirs);
    expect(mine['/pay']).toHaveLength(SAMPLES);
  });

  // The steps the dashboard's ranges use (15 m → 4 s, 1 h → 15 s, 6 h → 90 s, 24 h → 6 min) and more.
  it.each([
    [4_000, 60_000],
    [15_000, 60_000],
    [60_000, 60_000],
    [90_000, 90_000],
    [360_000, 360_000],
    [3_600_000, 3_600_000],
  ])('step %i ms: automatic window %i ms (4 × the 15 s interval, at least the step), across a counter reset', async (step, window) => {
    const agreed = await expectAgreement(step, window, 'rate');
    // Enough points to mean something: 9 minutes of data are 9–10 one-minute windows per route.
    expect(agreed).toBeGreaterThanOrEqual(step >= 360_000 ? 2 : step === 90_000 ? 10 : 16);
  });

  it('agrees with an explicit window, and for increase() where the window is the step', async () => {
    expect(await expectAgreement(15_000, 90_000, 'rate', true)).toBeGreaterThan(20);
    expect(await expectAgreement(60_000, 60_000, 'increase')).toBeGreaterThanOrEqual(16);
  });

  it.each([15_000, 60_000, 360_000])("reads histogram quantiles as Prometheus' histogram_quantile over rate() at step %i ms", async (step) => {
    const from = base - 5 * 60_000;
    const to = Math.ceil((base + SAMPLES * INTERVAL + 10 * 60_000) / step) * step;
    const window = Math.max(60_000, step);
    for (const q of [0.5, 0.9, 0.99]) {
      const [mine] = await vigil({ name: 'agreement_latency_seconds', quantile: String(q), step: String(step), from: String(from), to: String(to) });
      const ends: number[] = [];
      for (let t = Math.floor(from / step) * step; t + step <= to; t += step) ends.push(t + step);
      const data = await prometheus.api<{ result: { values: [number, string][] }[] }>('/api/v1/query_range', {
        query: `histogram_quantile(${q}, sum by (le) (rate(agreement_latency_seconds_bucket{job="e2e"}[${window / 1000}s])))`,
        start: String((ends[0] as number) / 1000),
        end: String((ends.at(-1) as number) / 1000),
        step: `${step / 1000}s`,
      });
      const theirs = new Map((data.result[0]?.values ?? []).map(([seconds, value]) => [Math.round(seconds * 1000), Number(value)] as [number, number]));
      const points = (mine?.points ?? []).filter(([t]) => t + step <= to);
      expect(points.map(([t]) => t + step), `q ${q} step ${step}: the steps with a value`).toEqual([...theirs.keys()]);
      for (const [t, value] of points) expect(Math.abs((value as number) - (theirs.get(t + step) as number)), `q ${q} at ${new Date(t).toISOString()}`).toBeLessThanOrEqual(1e-9);
      expect(points.length).toBeGreaterThan(0);
    }
  });

  it('reads the window holding the reset as Prometheus does: the value before the drop counts', async () => {
    // The 1-minute step whose window holds the restart: close to the steady rate, not negative.
    const resetAt = base + RESET_AT * INTERVAL;
    const step = 60_000;
    const [pay] = await vigil({ name: 'agreement_requests_total', fn: 'rate', step: String(step), from: String(resetAt - step), to: String(resetAt + step), match: 'route="/pay"' });
    const around = pay?.points.find(([t]) => t < resetAt && t + step >= resetAt)?.[1] as number;
    expect(around).toBeGreaterThan(5);
    expect(around).toBeLessThan(20);
  });
});
