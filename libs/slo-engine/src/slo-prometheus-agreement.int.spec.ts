import { type ConfigStore, createDatabaseCopy, type DatabaseCopy, openConfigStore, type SloRecord } from '@vigil/config-store';
import { sloRequestSchema } from '@vigil/contracts';
import { createRedisClient } from '@vigil/queue';
import { createLogger } from '@vigil/server-kit';
import { type PrometheusServer, promtool, startPrometheus } from '@vigil/testing';
import { createTelemetryStore, MetricRepository, migrateTelemetryStore, type TelemetryStore } from '@vigil/telemetry-store';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LateDataMarks } from './late-data';
import { SliRecorder } from './sli-recorder';
import { SloCatalog } from './slo-catalog';
import { SloFigures } from './slo-figures';

// Vigil's burn rates against a real Prometheus (Debian's /usr/bin/prometheus) on the same
// synthetic data: four days of a service's requests, a 200 and a 500 counter sampled every 15 s
// on the minute grid with a constant rate inside each minute (so extrapolation cannot differ),
// written to chDB through the ingest repository and, as OpenMetrics, into Prometheus' TSDB with
// its own `promtool tsdb create-blocks-from openmetrics`. Vigil records the SLO; Prometheus
// evaluates the error-ratio expressions of Sloth's recording rules (written by hand here, one per
// burn-rate window) as instant queries at the same minute-aligned times, which is what rule
// evaluation does. Burn rate = error ratio / (1 − objective); they must agree within 0.1 %.

const M = 60_000;
const DAY = 86_400_000;
const B = Date.UTC(2026, 10, 22); // data start, within the samples' 400-day retention
const DAYS = 4;
const MINUTES = DAYS * 1440;
const END = B + DAYS * DAY;
const OBJECTIVE = 99.9;
const SELECTOR = 'service="checkout"';
/** The windows Vigil reports, as Sloth names them in its recording rules (slo:sli_error:ratio_rate5m …). */
const WINDOWS = [
  ['5m', 5],
  ['30m', 30],
  ['1h', 60],
  ['2h', 120],
  ['6h', 360],
  ['1d', 1440],
  ['3d', 4320],
] as const;
/** Evaluation times: minute-aligned, each with three days of data behind it. */
const TIMES = [B + 3 * DAY, B + 3 * DAY + 7 * 3_600_000 + 13 * M, B + 3 * DAY + 16 * 3_600_000 + 41 * M, END];

/** Minute m: 300–1,100 requests, an error share that changes every minute and bursts now and then. */
const traffic = (m: number) => {
  const requests = 300 + ((m * 37) % 800);
  const errors = ((m * 13) % 7) + (m % 173 < 9 ? Math.floor(requests * 0.08) : 0);
  return { requests, errors };
};

let dataDir: string;
let telemetry: TelemetryStore;
let database: DatabaseCopy;
let store: ConfigStore;
let redis: Redis;
let prometheus: PrometheusServer;
let slo: SloRecord;
let projectId: string;

/** The two counters' values every 15 s (the first at B, all zero). */
function counterSeries(): { at: number; ok: number; failed: number }[] {
  const points = [{ at: B, ok: 0, failed: 0 }];
  let ok = 0;
  let failed = 0;
  for (let m = 0; m < MINUTES; m++) {
    const { requests, errors } = traffic(m);
    for (let q = 1; q <= 4; q++) {
      ok += (requests - errors) / 4;
      failed += errors / 4;
      points.push({ at: B + m * M + q * 15_000, ok, failed });
    }
  }
  return points;
}

/** OpenMetrics text for promtool: one family, samples in time order, timestamps in seconds. */
function openMetrics(points: ReturnType<typeof counterSeries>): string {
  const lines = ['# TYPE http_requests counter'];
  for (const point of points) {
    lines.push(`http_requests_total{service="checkout",code="200"} ${point.ok} ${point.at / 1000}`);
    lines.push(`http_requests_total{service="checkout",code="500"} ${point.failed} ${point.at / 1000}`);
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-slo-prometheus-'));
  const points = counterSeries();
  const tsdb = join(dataDir, 'prometheus');
  await writeFile(join(dataDir, 'input.om'), openMetrics(points));
  // Prometheus' blocks are made while Vigil's engines start.
  const blocks = promtool(['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', join(dataDir, 'input.om'), tsdb]);

  telemetry = await createTelemetryStore({ database: 't_slo_prometheus', dataDir: join(dataDir, 'chdb') });
  await migrateTelemetryStore(telemetry);
  database = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = await openConfigStore(database.url);
  redis = createRedisClient(inject('redisUrl'));
  const organization = await store.organizations.create({ name: 'Acme' });
  projectId = (await store.projects.create({ organizationId: organization.id, name: 'Shop', slug: `shop-${randomUUID().slice(0, 8)}` })).id;

  const samples = points.flatMap((point) => [
    { name: 'http_requests_total', labels: { service: 'checkout', code: '200' }, value: point.ok, timestampMs: point.at },
    { name: 'http_requests_total', labels: { service: 'checkout', code: '500' }, value: point.failed, timestampMs: point.at },
  ]);
  const metrics = new MetricRepository(telemetry);
  for (let i = 0; i < samples.length; i += 50_000) await metrics.writeSamples(projectId, samples.slice(i, i + 50_000));

  const request = sloRequestSchema.parse({
    name: 'checkout availability',
    sli: { kind: 'ratio', bad: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: 'checkout' }, { label: 'code', op: '=~', value: '5..' }] }, total: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: 'checkout' }] } },
    objective: OBJECTIVE,
    window: { kind: 'rolling', days: 30 },
  });
  slo = (await new SloCatalog(store).create(projectId, request)) as SloRecord;
  const recorder = new SliRecorder({ store, telemetry, marks: new LateDataMarks(redis, `t_${randomUUID()}:late`), logger: createLogger('silent') });
  for (let tick = 0; tick < 20; tick++) {
    await recorder.tick(END + 45_000);
    slo = (await store.slos.listAll([slo.id]))[0] as SloRecord;
    if (slo.historyCursor !== null && slo.historyLimit !== null && slo.historyCursor <= slo.historyLimit) break;
  }
  expect(slo.historyReachedBack?.getTime()).toBe(B);

  await blocks;
  prometheus = await startPrometheus({ tsdbPath: tsdb });
}, 600_000);

afterAll(async () => {
  await prometheus?.stop();
  await store?.close();
  await database?.drop();
  await telemetry?.close();
  redis?.disconnect();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Sloth's `slo:sli_error:ratio_rate<window>` expression, evaluated by Prometheus at `at`. */
async function prometheusBurnRate(window: string, at: number): Promise<number> {
  const query = `sum(rate(http_requests_total{${SELECTOR},code=~"5.."}[${window}])) / sum(rate(http_requests_total{${SELECTOR}}[${window}]))`;
  const data = await prometheus.api<{ result: { value: [number, string] }[] }>('/api/v1/query', { query, time: String(at / 1000) });
  expect(data.result, `${query} at ${new Date(at).toISOString()}`).toHaveLength(1);
  return Number(data.result[0]?.value[1]) / (1 - OBJECTIVE / 100);
}

describe('burn rates against Prometheus on the same data', () => {
  it('agree within 0.1 % for every window at every aligned evaluation time', async () => {
    const figures = new SloFigures(telemetry);
    const compared: { at: string; window: string; vigil: number; prometheus: number }[] = [];
    for (const at of TIMES) {
      // Read 45 s into the minute after `at`: the window ends at `at`, as Prometheus' does.
      const detail = await figures.detail(projectId, slo, at + 45_000);
      const rates = new Map(detail?.burnRates.map((one) => [one.window, one.burnRate]));
      for (const [window, minutes] of WINDOWS) {
        const vigil = rates.get(window);
        expect(vigil, `${window} at ${new Date(at).toISOString()}`).toBeTypeOf('number');
        compared.push({ at: new Date(at).toISOString(), window, vigil: vigil as number, prometheus: await prometheusBurnRate(window, at) });
        expect(detail?.burnRates.find((one) => one.window === window)?.seconds).toBe(minutes * 60);
      }
    }
    const disagreeing = compared.filter((one) => Math.abs(one.vigil - one.prometheus) > 0.001 * Math.abs(one.prometheus));
    expect(disagreeing).toEqual([]);
    // The data must make the windows differ, or agreement would say little.
    expect(new Set(compared.map((one) => one.prometheus.toFixed(6))).size).toBeGreaterThan(20);
  });
});
