import { compileRule, type CompiledRule, createRuleKindRegistry, evaluateRule, type InstanceState, type RuleData } from '@vigil/alerting';
import { type ConfigStore, createDatabaseCopy, type DatabaseCopy, openConfigStore, type SloRecord } from '@vigil/config-store';
import { type SloRequestInput, sloRequestSchema } from '@vigil/contracts';
import { createRedisClient } from '@vigil/queue';
import { createLogger } from '@vigil/server-kit';
import { errorBudget } from '@vigil/slo';
import { createTelemetryStore, MetricRepository, migrateTelemetryStore, type TelemetryStore } from '@vigil/telemetry-store';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LateDataMarks, LateDataWatch } from './late-data';
import { managedRules } from './managed-rules';
import { SliRecorder } from './sli-recorder';
import { SloAlertSource } from './slo-alert-source';
import { SloCatalog } from './slo-catalog';
import { SloFigures, SUMMARY_REUSE_MS, summaryOf } from './slo-figures';
import { groupKeyOf, SliRecordRepository } from './sli-records.repository';

// Correctness of SLOs on real engines (chDB, Postgres, Redis): seeded traffic with known error
// counts per minute, recorded by the worker's recorder, read back as SLI, budget and burn rates
// and compared with the same arithmetic done by hand here; burn-rate alerts evaluated minute by
// minute fire and resolve when the SRE Workbook's detection and reset formulas say; the event
// floor keeps a failed request at night from paging. Counters are sampled every 15 s on the
// minute grid with a constant rate inside each minute.

const M = 60_000;
const DAY = 86_400_000;
const B = Date.UTC(2026, 10, 20); // data start, within the samples' 400-day retention
const DAYS = 4;
const END = B + DAYS * DAY;

let dataDir: string;
let telemetry: TelemetryStore;
let database: DatabaseCopy;
let store: ConfigStore;
let redis: Redis;
let marks: LateDataMarks;
let recorder: SliRecorder;
let figures: SloFigures;
let catalog: SloCatalog;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-slo-correctness-'));
  telemetry = await createTelemetryStore({ database: 't_slo_correctness', dataDir });
  await migrateTelemetryStore(telemetry);
  database = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = await openConfigStore(database.url);
  redis = createRedisClient(inject('redisUrl'));
  marks = new LateDataMarks(redis, `t_${randomUUID()}:late`);
  recorder = new SliRecorder({ store, telemetry, marks, logger: createLogger('silent') });
  figures = new SloFigures(telemetry);
  catalog = new SloCatalog(store);
});

afterAll(async () => {
  await store?.close();
  await database?.drop();
  await telemetry?.close();
  redis?.disconnect();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function project(): Promise<string> {
  const organization = await store.organizations.create({ name: 'Acme' });
  return (await store.projects.create({ organizationId: organization.id, name: 'Shop', slug: `shop-${randomUUID().slice(0, 8)}` })).id;
}

/** Per minute m of [from, from + minutes): requests and errors; counters sampled at :00, :15, :30, :45 with a quarter each. */
function counterSamples(service: string, from: number, minutes: number, traffic: (m: number) => { requests: number; errors: number }) {
  const samples: { name: string; labels: Record<string, string>; value: number; timestampMs: number }[] = [];
  let ok = 0;
  let failed = 0;
  const push = (at: number) => {
    samples.push({ name: 'http_requests_total', labels: { service, code: '200' }, value: ok, timestampMs: at });
    samples.push({ name: 'http_requests_total', labels: { service, code: '500' }, value: failed, timestampMs: at });
  };
  push(from);
  for (let m = 0; m < minutes; m++) {
    const { requests, errors } = traffic(m);
    for (let q = 1; q <= 4; q++) {
      ok += (requests - errors) / 4;
      failed += errors / 4;
      push(from + m * M + q * 15_000);
    }
  }
  return samples;
}

async function write(projectId: string, samples: ReturnType<typeof counterSamples>): Promise<void> {
  const metrics = new MetricRepository(telemetry);
  for (let i = 0; i < samples.length; i += 50_000) await metrics.writeSamples(projectId, samples.slice(i, i + 50_000));
}

const availability = (service: string, alerting: SloRequestInput['alerting'] = {}): SloRequestInput => ({
  name: `${service} availability`,
  service,
  sli: { kind: 'ratio', bad: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: service }, { label: 'code', op: '=~', value: '5..' }] }, total: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: service }] } },
  objective: 99.9,
  window: { kind: 'rolling', days: 30 },
  alerting,
});

/** Ticks until the SLO's history is recorded (each tick records what its budget allows). */
async function recordAll(sloId: string, now: number): Promise<SloRecord> {
  for (let tick = 0; tick < 20; tick++) {
    await recorder.tick(now);
    const slo = (await store.slos.listAll([sloId]))[0] as SloRecord;
    if (slo.historyCursor !== null && slo.historyLimit !== null && slo.historyCursor <= slo.historyLimit) return slo;
  }
  throw new Error('history was not recorded within 20 ticks');
}

describe('SLI, budget and burn rates from seeded traffic', () => {
  // Minute m: 400–800 requests; errors vary so every window has its own error ratio.
  const traffic = (m: number) => ({ requests: 400 + 40 * (m % 11), errors: 4 * ((m * 7) % 5) + (m % 97 === 0 ? 40 : 0) });
  const sums = (from: number, to: number) => {
    let good = 0;
    let valid = 0;
    for (let m = from; m < to; m++) {
      const { requests, errors } = traffic(m);
      good += requests - errors;
      valid += requests;
    }
    return { good, valid };
  };
  const MINUTES = DAYS * 1440;
  const NOW = END + 45_000; // the last minute ended 45 s ago: recordable
  let projectId: string;
  let slo: SloRecord;

  beforeAll(async () => {
    projectId = await project();
    await write(projectId, counterSamples('checkout', B, MINUTES, traffic));
    slo = (await catalog.create(projectId, sloRequestSchema.parse({ ...availability('checkout'), objective: 99.5 }))) as SloRecord;
    slo = await recordAll(slo.id, NOW);
  }, 120_000);

  it('records live from the first tick and history back to the first sample, saying how far it reached', () => {
    expect(slo.recordedUntil?.getTime()).toBe(END);
    expect(slo.historyLimit?.getTime()).toBe(B);
    expect(slo.historyReachedBack?.getTime()).toBe(B);
    expect(slo.recordingError).toBeNull();
  });

  it('matches the hand computation exactly: events, SLI, budget in events and minutes, seven burn rates', async () => {
    const detail = await figures.detail(projectId, slo, NOW);
    const all = sums(0, MINUTES);
    expect(detail?.events).toEqual(all);
    expect(detail?.window).toEqual({ from: END - 30 * DAY, to: END, end: END, lengthMs: 30 * DAY });
    const ratio = (100 - 99.5) / 100;
    const totalEvents = all.valid * ratio;
    const consumed = (all.valid - all.good) / totalEvents;
    expect(detail?.budget).toEqual({
      totalEvents,
      consumedEvents: all.valid - all.good,
      remainingEvents: totalEvents - (all.valid - all.good),
      totalMinutes: 43_200 * ratio,
      consumedMinutes: consumed * 43_200 * ratio,
      remainingMinutes: 43_200 * ratio - consumed * 43_200 * ratio,
      remainingPercent: (1 - consumed) * 100,
    });
    const expected = [5, 30, 60, 120, 360, 1440, 4320].map((minutes) => {
      const { good, valid } = sums(MINUTES - minutes, MINUTES);
      return { seconds: minutes * 60, good, valid, burnRate: (valid - good) / valid / ratio };
    });
    expect(detail?.burnRates.map(({ seconds, good, valid, burnRate }) => ({ seconds, good, valid, burnRate }))).toEqual(expected);
    expect(detail?.burnRates.map((r) => r.window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });

  it('gives the list the detail’s figures in one read for all its SLOs, reused until the records move or a minute passes', async () => {
    const list = new SloFigures(telemetry);
    const all = sums(0, MINUTES);
    const hour = sums(MINUTES - 60, MINUTES);
    const listed = (await list.summaries(projectId, [slo], NOW)).get(slo.id);
    expect(listed).toEqual(summaryOf(await figures.detail(projectId, slo, NOW)));
    expect(listed?.valid).toBe(all.valid);
    expect(listed?.sli).toBeCloseTo(all.good / all.valid, 12);
    expect(listed?.burnRate1h).toBeCloseTo((hour.valid - hour.good) / hour.valid / 0.005, 9);
    expect(listed?.budgetRemainingPercent).toBeCloseTo(errorBudget(all.good, all.valid, 99.5, 30 * DAY)?.remainingPercent ?? NaN, 9);

    // A correction of a recorded minute (late data re-recorded) leaves the SLO's key as it was:
    // the list shows it once its figures are a minute old; an SLO whose records moved is read again at once.
    const records = new SliRecordRepository(telemetry);
    const correction = { sloId: slo.id, revision: slo.sliRevision, groupKey: groupKeyOf({}), minute: END - 10 * M, good: 0, valid: 100 };
    await records.insert(projectId, [correction]);
    try {
      expect((await list.summaries(projectId, [slo], NOW + 1_000)).get(slo.id)?.valid).toBe(all.valid);
      expect((await list.summaries(projectId, [slo], NOW + SUMMARY_REUSE_MS)).get(slo.id)?.valid).toBe(all.valid + 100);
      expect((await list.summaries(projectId, [{ ...slo, recordedUntil: new Date(END - M) }], NOW + SUMMARY_REUSE_MS + 1_000)).get(slo.id)?.valid).toBe(
        sums(0, MINUTES - 1).valid + 100,
      );
    } finally {
      await records.insert(projectId, [{ ...correction, valid: -100 }]);
    }
    expect((await list.summaries(projectId, [slo], NOW + 3 * SUMMARY_REUSE_MS)).get(slo.id)?.valid).toBe(all.valid);
  });

  it('draws the burn-down from the window start and each hour’s own burn rate', async () => {
    const detail = await figures.detail(projectId, slo, NOW);
    expect(detail?.series.step).toBe(3_600_000);
    const firstHour = sums(0, 60);
    const firstDay = sums(0, 1440);
    expect(detail?.series.burnRate[0]).toEqual([B + 3_600_000, (firstHour.valid - firstHour.good) / firstHour.valid / 0.005]);
    expect(detail?.series.budgetRemaining[23]).toEqual([B + DAY, errorBudget(firstDay.good, firstDay.valid, 99.5, 30 * DAY)?.remainingPercent]);
    expect(detail?.series.budgetRemaining).toHaveLength(DAYS * 24);
  });

  it('records nothing twice: another tick over the same minutes changes nothing', async () => {
    await recorder.tick(NOW);
    await recorder.tick(NOW + 5_000);
    expect((await figures.detail(projectId, slo, NOW))?.events).toEqual(sums(0, MINUTES));
  });

  it('re-records the minutes late data touches, told by the ingest path', async () => {
    // Samples of a new 503 series for the last 20 minutes arrive after those minutes were recorded.
    const lateFrom = END - 20 * M;
    const late = [{ name: 'http_requests_total', labels: { service: 'checkout', code: '503' }, value: 0, timestampMs: lateFrom }];
    for (let m = 0; m < 20; m++) late.push({ name: 'http_requests_total', labels: { service: 'checkout', code: '503' }, value: (m + 1) * 8, timestampMs: lateFrom + (m + 1) * M });
    await write(projectId, late);
    const watch = new LateDataWatch(store, marks, () => NOW + 60_000);
    await watch.refresh();
    await watch.onWritten(projectId, { series: [{ name: 'http_requests_total' }], sampleSeries: new Uint32Array(late.length), sampleTimestamps: Float64Array.from(late.map((s) => s.timestampMs)), sampleCount: late.length });
    const summary = await recorder.tick(NOW + 60_000);
    expect(summary.lateRanges).toBe(1);
    const before = sums(0, MINUTES);
    // 8 more failed requests a minute for 20 minutes: more valid events, no more good ones.
    expect((await figures.detail(projectId, slo, NOW + 60_000))?.events).toEqual({ good: before.good, valid: before.valid + 160 });
  });

  it('re-records history when the SLI changes, from what the telemetry holds, and says how far back', async () => {
    const changed = sloRequestSchema.parse({
      ...availability('checkout'),
      objective: 99.5,
      sli: { kind: 'ratio', bad: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: 'checkout' }, { label: 'code', op: '=', value: '500' }] }, total: { name: 'http_requests_total', matchers: [{ label: 'service', op: '=', value: 'checkout' }, { label: 'code', op: '!=', value: '503' }] } },
    });
    const replaced = (await catalog.replace(projectId, slo.id, changed)) as SloRecord;
    expect(replaced.sliRevision).toBe(2);
    expect(replaced.recordedUntil).toBeNull();
    const recorded = await recordAll(slo.id, NOW + 60_000);
    expect(recorded.historyReachedBack?.getTime()).toBe(B);
    expect((await figures.detail(projectId, recorded, NOW + 60_000))?.events).toEqual(sums(0, MINUTES));
  });
});

describe('burn-rate alerts against the workbook', () => {
  // 1,000 requests a minute, no errors for three days, then 10 % errors for an hour, then none.
  const T0 = B + 3 * DAY + 2 * 3_600_000;
  const T1 = T0 + 60 * M;
  const RATE = 0.1;
  const traffic = (m: number) => {
    const at = B + m * M;
    return { requests: 1000, errors: at >= T0 && at < T1 ? 1000 * RATE : 0 };
  };
  let projectId: string;
  let slo: SloRecord;
  let source: SloAlertSource;

  beforeAll(async () => {
    projectId = await project();
    await write(projectId, counterSamples('payments', B, (T1 + 7 * 3_600_000 - B) / M, traffic));
    const request = sloRequestSchema.parse(availability('payments', { minEvents: 10 }));
    slo = (await catalog.create(projectId, request)) as SloRecord;
    slo = await recordAll(slo.id, T1 + 7 * 3_600_000 + 45_000);
    source = new SloAlertSource(store, telemetry);
  }, 120_000);

  /** Evaluates the rule every minute over [from, to] as the engine does, returning when it fired and resolved. */
  async function transitions(rule: CompiledRule, from: number, to: number): Promise<{ fired: number | null; resolved: number | null }> {
    let states: InstanceState[] = [];
    let fired: number | null = null;
    let resolved: number | null = null;
    for (let t = from; t <= to; t += M) {
      const requests = rule.dataRequests(t).flatMap((request) => (request.type === 'extension' ? [{ ruleId: rule.id, request }] : []));
      const answers = await source.fetch(projectId, requests, t);
      const data: RuleData = new Map([...(answers.get(rule.id) ?? new Map())].map(([id, value]) => [id, { type: 'extension' as const, value }]));
      const evaluation = evaluateRule(rule, data, states, t);
      states = evaluation.instances;
      for (const event of evaluation.events) {
        if (event.type !== 'transition') continue;
        if (event.to === 'firing' && fired === null) fired = t;
        if (event.from === 'firing' && (event.to === 'resolved' || event.to === 'inactive') && resolved === null) resolved = t;
      }
    }
    return { fired, resolved };
  }

  const compiled = (severity: 'critical' | 'warning', longWindowSeconds: number) => {
    const definition = managedRules(slo.id, sloRequestSchema.parse(availability('payments', { minEvents: 10 }))).find(
      (rule) => rule.kind === 'slo_burn_rate' && (rule.spec as { longWindowSeconds: number; severity: string }).longWindowSeconds === longWindowSeconds && (rule.spec as { severity: string }).severity === severity,
    );
    if (!definition) throw new Error('no such rule');
    return compileRule(createRuleKindRegistry(), definition);
  };

  // Workbook ch. 5: with error ratio e from T0, a window of length w burns at e·Δ/w of the budget
  // b = 1 − SLO, so it crosses factor f after Δ = f·b·w/e (fires at the first whole minute
  // strictly past it); after the errors stop, the short window w_s drops to f after
  // τ = w_s·(1 − f·b/e) (resolves at the first whole minute at or past it).
  it.each([
    ['page 14.4× over 1 h and 5 min', 'critical', 3_600, 300, 14.4, 9, 5],
    ['page 6× over 6 h and 30 min', 'critical', 21_600, 1_800, 6, 22, 29],
    ['ticket 3× over 1 d and 2 h', 'warning', 86_400, 7_200, 3, 44, 117],
    ['ticket 1× over 3 d and 6 h', 'warning', 259_200, 21_600, 1, 44, 357],
  ] as const)('%s fires and resolves when the detection and reset formulas say', async (_name, severity, long, short, factor, fireMinutes, resolveMinutes) => {
    const b = (100 - 99.9) / 100;
    const detection = (factor * b * long * 1000) / RATE;
    const reset = short * 1000 * (1 - (factor * b) / RATE);
    const expectedFire = T0 + (Math.floor(detection / M) + 1) * M;
    const expectedResolve = T1 + Math.ceil(reset / M) * M;
    // The formulas, worked out: e.g. 14.4 × 0.001 × 60 min / 0.1 = 8.64 min, 5 min × (1 − 0.144) = 4.28 min.
    expect([(expectedFire - T0) / M, (expectedResolve - T1) / M]).toEqual([fireMinutes, resolveMinutes]);
    const { fired, resolved } = await transitions(compiled(severity, long), T0 - 5 * M, expectedResolve + 5 * M);
    expect(new Date(fired ?? 0).toISOString()).toBe(new Date(expectedFire).toISOString());
    expect(new Date(resolved ?? 0).toISOString()).toBe(new Date(expectedResolve).toISOString());
  }, 180_000);
});

describe('the low-traffic floor', () => {
  // A request every other minute at night, one of which fails.
  const FAIL_AT = 500;
  const traffic = (m: number) => (m % 2 === 1 ? { requests: 1, errors: m === FAIL_AT + 1 ? 1 : 0 } : { requests: 0, errors: 0 });
  let projectId: string;

  beforeAll(async () => {
    projectId = await project();
    await write(projectId, counterSamples('night', B, 800, traffic));
  }, 60_000);

  it('pages no one for one failed request among a handful (10-event floor), where no floor would page', async () => {
    const source = new SloAlertSource(store, telemetry);
    const results: Record<string, number> = {};
    for (const minEvents of [10, 0]) {
      const request = sloRequestSchema.parse({ ...availability('night', { minEvents }), name: `night ${minEvents}` });
      const created = (await catalog.create(projectId, request)) as SloRecord;
      await recordAll(created.id, B + 800 * M + 45_000);
      const definition = managedRules(created.id, request).find((rule) => rule.kind === 'slo_burn_rate' && (rule.spec as { longWindowSeconds: number }).longWindowSeconds === 3_600);
      const rule = compileRule(createRuleKindRegistry(), definition as NonNullable<typeof definition>);
      let states: InstanceState[] = [];
      let firing = 0;
      for (let t = B + (FAIL_AT - 2) * M; t <= B + (FAIL_AT + 20) * M; t += M) {
        const requests = rule.dataRequests(t).flatMap((r) => (r.type === 'extension' ? [{ ruleId: rule.id, request: r }] : []));
        const answers = await source.fetch(projectId, requests, t);
        const evaluation = evaluateRule(rule, new Map([...(answers.get(rule.id) ?? new Map())].map(([id, value]) => [id, { type: 'extension' as const, value }])), states, t);
        states = evaluation.instances;
        firing += states.filter((state) => state.status === 'firing').length;
      }
      results[`floor ${minEvents}`] = firing;
    }
    expect(results['floor 10']).toBe(0);
    expect(results['floor 0']).toBeGreaterThan(0);
  }, 120_000);
});
