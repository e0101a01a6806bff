import { loadConfig } from '@vigil/config';
import { createDatabaseCopy, type DatabaseCopy } from '@vigil/config-store';
import { type DynamicModule, Module } from '@nestjs/common';
import { ApiModule, createApiApplication } from '@vigil/feature-api';
import { ProberModule } from '@vigil/feature-prober';
import { WorkerModule } from '@vigil/feature-worker';
import { encodeRemoteWrite } from '@vigil/ingest';
import { RuntimeModule, startRuntime, type VigilRuntime } from '@vigil/runtime';
import { SELF_MONITORING_PROJECT } from '@vigil/self-monitoring';
import { createLogger } from '@vigil/server-kit';
import { freePort, type PrometheusServer, sampleValue, startPrometheus, startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The standalone composition (api, worker, prober on one runtime) in this process, on real
// engines (embedded chDB, the test run's Postgres and Redis), answering HTTP on loopback: its
// /metrics after known traffic, a real Prometheus scraping it, and its own metrics written into
// its store (self-monitoring every second). In-process rather than the built standalone, so the
// test can hold the engine to make a query slow.

/** What apps/standalone mounts (an app cannot be imported). */
@Module({})
class StandaloneModule {
  static forRuntime(runtime: VigilRuntime): DynamicModule {
    return { module: StandaloneModule, imports: [RuntimeModule.forRoot(runtime), ApiModule, WorkerModule, ProberModule] };
  }
}

const ADMIN = { email: 'ops@vigil.test', password: 'self-monitoring-test-password' };
const DAY = 86_400_000;
let database: DatabaseCopy;
let dataDir: string;
let runtime: VigilRuntime;
let app: NestFastifyApplication;
let apiUrl: string;
let cookie: string;
let projectId: string;
let ingestKey: string;

beforeAll(async () => {
  database = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-selfmon-'));
  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: inject('redisUrl'),
    VIGIL_DATA_DIR: dataDir,
    PORT: String(port),
    VIGIL_ADMIN_EMAIL: ADMIN.email,
    VIGIL_ADMIN_PASSWORD: ADMIN.password,
    VIGIL_SELF_MONITORING_INTERVAL_SECONDS: '1',
    OUTBOUND_ALLOWLIST: '127.0.0.0/8',
    LOG_LEVEL: 'warn',
  });
  runtime = await startRuntime(config, createLogger('warn', 'selfmon-test'), { component: 'standalone' });
  app = await createApiApplication(StandaloneModule.forRuntime(runtime), runtime);
  await app.listen(port, '127.0.0.1');
  apiUrl = `http://127.0.0.1:${port}`;
  projectId = runtime.initialCredentials?.projectId ?? '';
  ingestKey = runtime.initialCredentials?.ingestKey ?? '';
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}, 120_000);

afterAll(async () => {
  await app?.close();
  await runtime?.stop();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function metricsText(): Promise<string> {
  const response = await fetch(`${apiUrl}/metrics`);
  expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return response.text();
}

/** One sample's value in an exposition (0 when the series does not exist yet). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  return sampleValue(text, name, labels) ?? 0;
}

/** How much each sample changed across `action`. */
async function change(action: () => Promise<void>): Promise<(name: string, labels?: Record<string, string>) => number> {
  const before = await metricsText();
  await action();
  const after = await metricsText();
  return (name, labels = {}) => value(after, name, labels) - value(before, name, labels);
}

function post(path: string, body: string | Buffer, contentType: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${apiUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ingestKey}`, 'content-type': contentType, ...headers }, body });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers read field by field
async function api(method: string, path: string, body?: unknown, project = projectId): Promise<{ status: number; json: any }> {
  const response = await fetch(`${apiUrl}${path}${path.includes('?') ? '&' : '?'}project=${project}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : JSON.parse(text) };
}

describe('/metrics after known traffic', () => {
  it('counts items accepted and refused per protocol and reason', async () => {
    const now = Date.now();
    expect((await api('PATCH', '/api/v1/project-settings', { ingestLimits: { maxActiveSeriesPerMetric: 2 } })).status).toBe(200);
    const delta = await change(async () => {
      // Vigil JSON: 3 stored (2 series), 2 too old, 1 too far ahead.
      const samples = [1, 2, 1].map((n, index) => ({ name: 'selfmon_json', labels: { n: String(n) }, value: n, timestamp: now - index * 1000 }));
      const old = [1, 2].map((n) => ({ name: 'selfmon_json', labels: { n: String(n) }, value: n, timestamp: now - 30 * DAY }));
      const json = await post('/api/v1/ingest/metrics', JSON.stringify({ samples: [...samples, ...old, { name: 'selfmon_json', labels: { n: '1' }, value: 9, timestamp: now + DAY }] }), 'application/json');
      expect(await json.json()).toMatchObject({ accepted: 3, rejected: 3 });
      // A third series of the metric: over the project's limit of 2 active series per metric.
      const third = await post('/api/v1/ingest/metrics', JSON.stringify({ samples: [{ name: 'selfmon_json', labels: { n: '3' }, value: 3 }] }), 'application/json');
      expect(third.status).toBe(400);
      // Vigil JSON logs: 2 stored, 1 body over 64 KiB.
      const logs = [{ message: 'one' }, { message: 'two' }, { message: 'x'.repeat(70_000) }].map((record) => JSON.stringify(record)).join('\n');
      expect(await (await post('/api/v1/ingest/logs', logs, 'application/x-ndjson')).json()).toMatchObject({ accepted: 2, rejected: 1 });
      // remote_write: 4 samples stored, 2 of a series with 31 labels refused (answered 400).
      const wide = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`l${index}`, 'v']));
      const write = encodeRemoteWrite([
        { labels: { __name__: 'selfmon_rw', job: 'a' }, samples: [1, 2, 3, 4].map((n) => ({ value: n, timestamp: now - n * 1000 })) },
        { labels: { __name__: 'selfmon_rw', ...wide }, samples: [1, 2].map((n) => ({ value: n, timestamp: now - n * 1000 })) },
      ]);
      expect((await post('/api/v1/write', write, 'application/x-protobuf', { 'content-encoding': 'snappy' })).status).toBe(400);
      // OTLP/JSON metrics: 1 point stored, 1 too old (partial success).
      const point = (ms: number) => ({ timeUnixNano: `${ms}000000`, asDouble: 1 });
      const otlp = { resourceMetrics: [{ resource: { attributes: [] }, scopeMetrics: [{ metrics: [{ name: 'selfmon_otlp', gauge: { dataPoints: [point(now), point(now - 30 * DAY)] } }] }] }] };
      expect(await (await post('/v1/metrics', JSON.stringify(otlp), 'application/json')).json()).toMatchObject({ partialSuccess: { rejectedDataPoints: '1' } });
    });
    const accepted = (protocol: string, signal: string) => delta('vigil_ingest_items_accepted_total', { protocol, signal });
    const refused = (protocol: string, signal: string, reason: string) => delta('vigil_ingest_items_refused_total', { protocol, signal, reason });
    expect(accepted('vigil_json', 'metrics')).toBe(3);
    expect(refused('vigil_json', 'metrics', 'max_age')).toBe(2);
    expect(refused('vigil_json', 'metrics', 'max_future')).toBe(1);
    expect(refused('vigil_json', 'metrics', 'max_active_series_per_metric')).toBe(1);
    expect(accepted('vigil_json', 'logs')).toBe(2);
    expect(refused('vigil_json', 'logs', 'log_body_bytes')).toBe(1);
    expect(accepted('remote_write', 'metrics')).toBe(4);
    expect(refused('remote_write', 'metrics', 'labels_per_series')).toBe(2);
    expect(accepted('otlp', 'metrics')).toBe(1);
    expect(refused('otlp', 'metrics', 'max_age')).toBe(1);
    // The rounds that stored them, and nothing left waiting.
    expect(delta('vigil_ingest_insert_round_duration_seconds_count', { signal: 'logs' })).toBeGreaterThanOrEqual(1);
    expect(delta('vigil_ingest_insert_round_rows_sum', { signal: 'logs' })).toBeGreaterThanOrEqual(2);
    expect(delta('vigil_ingest_insert_round_duration_seconds_count', { signal: 'metrics' })).toBeGreaterThanOrEqual(3);
    // Nothing left waiting (between two of self-monitoring's own rounds).
    await expect.poll(async () => value(await metricsText(), 'vigil_ingest_pending_bytes'), { interval: 50 }).toBe(0);
    expect(value(await metricsText(), 'vigil_ingest_max_pending_bytes')).toBe(runtime.config.INGEST_MAX_PENDING_BYTES);
    // Whole requests refused show in their route's status codes: no key → 401. Counted once the
    // response has gone out, which the client may see first: polled.
    const route = { method: 'POST', route: '/v1/logs', code: '401' };
    const before = value(await metricsText(), 'http_request_duration_seconds_count', route);
    expect((await fetch(`${apiUrl}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    await expect.poll(async () => value(await metricsText(), 'http_request_duration_seconds_count', route) - before).toBe(1);
  });

  it('shows a slow query in its route’s histogram, and its wait in the interactive lane’s', async () => {
    const path = `/api/v1/metrics/query?project=${projectId}&name=selfmon_json&from=${Date.now() - 3_600_000}&to=${Date.now()}`;
    const route = { method: 'GET', route: '/api/v1/metrics/query', code: '200' };
    let release: () => void = () => undefined;
    const countBefore = value(await metricsText(), 'http_request_duration_seconds_count', route);
    const delta = await change(async () => {
      // An insert holds the engine (one operation at a time, embedded); the query queues behind it.
      const held = runtime.telemetry.lanes.run('write', () => new Promise<void>((resolve) => (release = resolve)));
      const query = fetch(`${apiUrl}${path}`, { headers: { cookie } });
      await expect.poll(() => runtime.telemetry.lanes.stats().interactive.queued, { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(1);
      // Not a wait for something to happen: this is what makes the query slow (at least 0.3 s).
      await sleep(300);
      release();
      await held;
      expect((await query).status).toBe(200);
      // A request is counted once its response has gone out, which the client may see first.
      await expect.poll(async () => value(await metricsText(), 'http_request_duration_seconds_count', route)).toBe(countBefore + 1);
    });
    expect(delta('http_request_duration_seconds_count', route)).toBe(1);
    expect(delta('http_request_duration_seconds_bucket', { ...route, le: '0.25' })).toBe(0);
    expect(delta('http_request_duration_seconds_sum', route)).toBeGreaterThanOrEqual(0.3);
    const slowWaits = delta('vigil_engine_queue_wait_seconds_bucket', { lane: 'interactive', le: '+Inf' }) - delta('vigil_engine_queue_wait_seconds_bucket', { lane: 'interactive', le: '0.25' });
    expect(slowWaits).toBeGreaterThanOrEqual(1);
    expect(delta('vigil_engine_operation_duration_seconds_count', { lane: 'write' })).toBeGreaterThanOrEqual(1);
  });

  it('counts alert evaluations, their lag, and delivery outcomes by channel kind', async () => {
    const receiver: WebhookReceiver = await startWebhookReceiver((n) => (n === 0 ? { status: 500 } : 'ok'));
    try {
      const channel = await api('POST', '/api/v1/notification-channels', { name: 'ops', kind: 'webhook', url: receiver.url });
      expect(channel.status, JSON.stringify(channel.json)).toBe(201);
      expect((await api('POST', '/api/v1/notification-policies', { name: 'all', channelIds: [channel.json.channel.id], groupWaitSeconds: 0 })).status).toBe(201);
      const rule = await api('POST', '/api/v1/alert-rules', {
        name: 'Selfmon breach',
        kind: 'metric_threshold',
        intervalSeconds: 10,
        spec: { query: { name: 'selfmon_breach' }, windowSeconds: 60, reducer: 'last', comparator: '>', critical: 10 },
      });
      expect(rule.status, JSON.stringify(rule.json)).toBe(201);
      expect((await post('/api/v1/ingest/metrics', JSON.stringify({ samples: [{ name: 'selfmon_breach', value: 50 }] }), 'application/json')).status).toBe(200);
      // The receiver fails the first attempt; the retry (about a second later) is delivered.
      await receiver.waitFor('the retried notification', (received) => received.some((one) => one.answered === 'ok'), 60_000);
      await expect.poll(async () => value(await metricsText(), 'vigil_notification_deliveries_total', { channel_kind: 'webhook', outcome: 'delivered' }), { timeout: 10_000 }).toBe(1);
      // The rule's 10 s tick runs too; an on-time tick starts well within its interval.
      await expect.poll(async () => value(await metricsText(), 'vigil_alert_evaluation_lag_seconds_count', { trigger: 'tick' }), { timeout: 40_000 }).toBeGreaterThanOrEqual(1);
      const text = await metricsText();
      expect(value(text, 'vigil_notification_deliveries_total', { channel_kind: 'webhook', outcome: 'failed' })).toBe(1);
      expect(value(text, 'vigil_notification_delivery_duration_seconds_count', { channel_kind: 'webhook' })).toBe(2);
      expect(value(text, 'vigil_alert_evaluation_duration_seconds_count', { trigger: 'immediate' })).toBeGreaterThanOrEqual(1);
      expect(value(text, 'vigil_alert_rule_evaluations_total')).toBeGreaterThanOrEqual(2);
      const tickLag = value(text, 'vigil_alert_evaluation_lag_seconds_sum', { trigger: 'tick' }) / value(text, 'vigil_alert_evaluation_lag_seconds_count', { trigger: 'tick' });
      expect(tickLag).toBeGreaterThanOrEqual(0);
      expect(tickLag).toBeLessThan(10);
      // Queue depths are read from Redis at each scrape.
      expect(text).toMatch(/^vigil_queue_jobs\{queue="notifications",state="delayed"\} \d+$/m);
    } finally {
      await receiver.close();
    }
  });
});

describe('a real Prometheus', () => {
  let prometheus: PrometheusServer;
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('scrapes /metrics without errors and reads the same values', async () => {
    prometheus = await startPrometheus({ targets: [new URL(apiUrl).host] });
    type Targets = { activeTargets: { health: string; lastError: string }[] };
    await expect.poll(async () => (await prometheus.api<Targets>('/api/v1/targets', {})).activeTargets[0]?.health, { timeout: 60_000 }).toBe('up');
    expect((await prometheus.api<Targets>('/api/v1/targets', {})).activeTargets[0]?.lastError).toBe('');
    type Vector = { result: { metric: Record<string, string>; value: [number, string] }[] };
    const query = (promql: string) => prometheus.api<Vector>('/api/v1/query', { query: promql });
    expect(Number((await query('scrape_samples_scraped'))?.result[0]?.value[1])).toBeGreaterThan(200);
    const accepted = 'vigil_ingest_items_accepted_total{protocol="vigil_json",signal="metrics"}';
    expect(Number((await query(accepted)).result[0]?.value[1])).toBe(value(await metricsText(), 'vigil_ingest_items_accepted_total', { protocol: 'vigil_json', signal: 'metrics' }));
    // Histograms are whole: histogram_quantile works on Vigil's own buckets.
    const quantile = await query('histogram_quantile(0.5, sum by (le) (http_request_duration_seconds_bucket))');
    expect(Number(quantile.result[0]?.value[1])).toBeGreaterThan(0);
  });
});

describe('self-monitoring', () => {
  it('writes Vigil’s own metrics into its project, whose Overview lists Vigil as a service', async () => {
    const selfProject = runtime.selfMonitoringProjectId ?? '';
    const me = await fetch(`${apiUrl}/api/v1/auth/me`, { headers: { cookie } });
    expect(((await me.json()) as { projects: unknown[] }).projects).toEqual([expect.objectContaining({ id: projectId }), expect.objectContaining({ id: selfProject, name: SELF_MONITORING_PROJECT.name })]);
    const vigil = async () => {
      const overview = await api('GET', `/api/v1/services?from=${Date.now() - 600_000}&to=${Date.now()}`, undefined, selfProject);
      return (overview.json.services as { service: string; throughput: number | null; errorRate: number | null; latency: { p95: number | null } | null }[]).find((service) => service.service === 'vigil');
    };
    // Self-monitoring writes every second here: a few rounds give rates.
    await expect.poll(async () => (await vigil())?.throughput ?? 0, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
    const service = await vigil();
    expect(service?.latency?.p95).toBeGreaterThan(0);
    // Vigil answered 4xx to the tests above, but no 5xx.
    expect(service?.errorRate).toBe(0);
    // Counted like any ingest, as protocol `self`; none of it refused.
    const text = await metricsText();
    expect(value(text, 'vigil_ingest_items_accepted_total', { protocol: 'self', signal: 'metrics' })).toBeGreaterThan(200);
    expect(text).not.toMatch(/vigil_ingest_items_refused_total\{protocol="self"/);
    // The application project has none of it.
    expect((await api('GET', `/api/v1/services?from=${Date.now() - 600_000}&to=${Date.now()}`)).json.services.map((one: { service: string }) => one.service)).not.toContain('vigil');
  });
});
