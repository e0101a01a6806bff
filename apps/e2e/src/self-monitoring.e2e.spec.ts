import { sampleValue, startStack, type Stack } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built apps as `npm start` and a scaled deployment run them: the standalone monitors itself
// out of the box (its own project, Vigil as a service on that project's Overview), turned off by
// VIGIL_SELF_MONITORING=off; the worker and the prober alone answer /healthz, /readyz and /metrics.
// Self-monitoring writes every second here, so its rounds come quickly.

const FAST = { VIGIL_SELF_MONITORING_INTERVAL_SECONDS: '1' };

async function metricsOf(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  return response.text();
}

async function signIn(stack: Stack): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function projectsOf(stack: Stack, cookie: string): Promise<{ id: string; name: string; slug: string }[]> {
  return ((await (await fetch(`${stack.apiUrl}/api/v1/auth/me`, { headers: { cookie } })).json()) as { projects: { id: string; name: string; slug: string }[] }).projects;
}

describe('the standalone (npm start)', () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.stop();
  });

  it('writes its own metrics into a project of its own, whose Overview lists Vigil as a service', async () => {
    stack = await startStack({ env: FAST });
    const started = stack;
    expect(started.output()).toContain('Vigil\'s own health: the Overview of project "Vigil (self-monitoring)"');
    const cookie = await signIn(started);
    const projects = await projectsOf(started, cookie);
    expect(projects.map((project) => project.slug)).toEqual(['default', 'vigil-self-monitoring']);
    const selfProject = projects[1]?.id ?? '';
    expect(projects[0]?.id).toBe(started.projectId);

    type Service = { service: string; throughput: number | null; errorRate: number | null; latency: { p95: number | null } | null };
    const services = async (project: string): Promise<Service[]> => {
      const search = new URLSearchParams({ project, from: String(Date.now() - 600_000), to: String(Date.now()) });
      const response = await fetch(`${started.apiUrl}/api/v1/services?${search}`, { headers: { cookie } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { services: Service[] }).services;
    };
    // The Overview's rates need two rounds of the HTTP histogram with requests between them.
    await expect
      .poll(
        async () => {
          await fetch(`${started.apiUrl}/healthz`);
          return (await services(selfProject)).find((service) => service.service === 'vigil')?.throughput ?? 0;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    const vigil = (await services(selfProject)).find((service) => service.service === 'vigil');
    expect(vigil?.errorRate).toBe(0);
    expect(vigil?.latency?.p95).toBeGreaterThan(0);
    // Counted like any ingest, as protocol `self`, and none of it refused.
    const text = await metricsOf(started.apiUrl);
    expect(sampleValue(text, 'vigil_ingest_items_accepted_total', { protocol: 'self', signal: 'metrics' })).toBeGreaterThan(100);
    expect(text).not.toMatch(/^vigil_ingest_items_refused_total\{protocol="self"/m);
    // The application project stays the user's: no Vigil there.
    expect((await services(started.projectId ?? '')).map((service) => service.service)).not.toContain('vigil');
  });

  it('keeps its project across a restart; VIGIL_SELF_MONITORING=off starts without self-monitoring', async () => {
    const dataDir = stack?.dataDir ?? '';
    await stack?.stop({ keepData: true });
    stack = await startStack({ dataDir, env: { ...FAST, VIGIL_SELF_MONITORING: 'off', VIGIL_ADMIN_PASSWORD: 'self-monitoring-e2e-password' } });
    expect(stack.output()).toContain('Vigil is running.');
    expect(stack.output()).not.toContain('Vigil\'s own health');
    const cookie = await signIn(stack);
    // The project is kept with what it holds; it is neither deleted nor made twice.
    expect((await projectsOf(stack, cookie)).map((project) => project.slug)).toEqual(['default', 'vigil-self-monitoring']);
    // /metrics is the same either way.
    expect(await metricsOf(stack.apiUrl)).toMatch(/^vigil_ingest_pending_bytes 0$/m);
  });
});

describe('the worker and the prober alone (scaled out)', () => {
  let worker: Stack | undefined;
  let prober: Stack | undefined;
  beforeAll(async () => {
    // Each on its own embedded engines here; scaled out they share servers (README, Scale out).
    [worker, prober] = await Promise.all([startStack({ app: 'worker', env: FAST }), startStack({ app: 'prober', env: { VIGIL_SELF_MONITORING: 'off' } })]);
  });
  afterAll(async () => {
    await Promise.all([worker?.stop(), prober?.stop()]);
  });

  it('the worker answers health and /metrics with its alerting, queues and own writes', async () => {
    const url = worker?.apiUrl ?? '';
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const text = await metricsOf(url);
    expect(text).toMatch(/^# TYPE vigil_alert_evaluation_duration_seconds histogram$/m);
    expect(text).toMatch(/^# TYPE vigil_notification_deliveries_total counter$/m);
    expect(text).toMatch(/^vigil_queue_jobs\{queue="alerting",state="waiting"\} \d+$/m);
    // No SLO, so nothing is behind (an SLO's recording lag is checked in dashboard-slos.e2e.spec.ts).
    expect(sampleValue(text, 'vigil_slo_recording_lag_seconds')).toBe(0);
    expect(text).toMatch(/^vigil_process_resident_memory_bytes \d+$/m);
    // Self-monitoring on by default with embedded ClickHouse: the worker writes its own metrics too.
    await expect.poll(async () => sampleValue(await metricsOf(url), 'vigil_ingest_items_accepted_total', { protocol: 'self', signal: 'metrics' }) ?? 0, { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
    // Unknown paths are problem details, as on the API.
    const missing = await fetch(`${url}/api/v1/projects`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('the prober answers health and /metrics', async () => {
    const url = prober?.apiUrl ?? '';
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const text = await metricsOf(url);
    expect(text).toMatch(/^vigil_queue_jobs\{queue="probes",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/readyz",code="200"\} \d+$/m);
  });
});
