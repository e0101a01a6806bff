import { compileRule, createRuleKindRegistry, evaluateRule, type RuleData } from '@vigil/alerting';
import { type ConfigStore, createDatabaseCopy, type DatabaseCopy, openConfigStore, type SloRecord } from '@vigil/config-store';
import { checkRequestSchema, type SloRequestInput, sloRequestSchema } from '@vigil/contracts';
import { createRedisClient } from '@vigil/queue';
import { createLogger } from '@vigil/server-kit';
import { CheckResultRepository, createTelemetryStore, migrateTelemetryStore, type NewCheckResult, type TelemetryStore } from '@vigil/telemetry-store';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LateDataMarks } from './late-data';
import { managedRules } from './managed-rules';
import { SliPreview } from './sli-preview';
import { SliRecorder } from './sli-recorder';
import { SloAlertSource } from './slo-alert-source';
import { SloCatalog } from './slo-catalog';
import { SloFigures } from './slo-figures';

// Check SLIs on real engines (chDB, Postgres, Redis): two days of seeded results of one check in
// three regions (three probes a region a minute) with known failures, recorded by the worker's
// recorder and read back as events, SLI, budget and burn rates, compared with counts worked out
// here by hand from the same failure pattern (not with the domain rule the recorder uses).

const M = 60_000;
const B = Date.UTC(2026, 10, 20);
const MINUTES = 2 * 1440;
const END = B + MINUTES * M;
const NOW = END + 45_000;
const REGIONS = ['eu', 'us', 'ap'] as const;
const PROBES_PER_MINUTE = 3;

/** The seeded pattern, minute m (index from B): which probes fail. */
const gap = (m: number) => m % 50 === 49; // no results at all (a prober outage)
const euDown = (m: number) => m % 10 === 3 || m % 10 === 7; // every eu probe of the minute down
const usDown = (m: number) => m % 10 === 7; // every us probe down
const usBlip = (m: number) => m % 13 === 5; // the minute's first us probe down, the others up
const apDegraded = (m: number) => m % 17 === 2; // every ap probe degraded (slow)

function statusOf(m: number, region: (typeof REGIONS)[number], probe: number): 'up' | 'degraded' | 'down' {
  if (region === 'eu' && euDown(m)) return 'down';
  if (region === 'us' && (usDown(m) || (usBlip(m) && probe === 0))) return 'down';
  if (region === 'ap' && apDegraded(m)) return 'degraded';
  return 'up';
}

function results(projectId: string, checkId: string, fromMinute: number, toMinute: number): NewCheckResult[] {
  const rows: NewCheckResult[] = [];
  for (let m = fromMinute; m < toMinute; m++) {
    if (gap(m)) continue;
    REGIONS.forEach((region, r) => {
      for (let probe = 0; probe < PROBES_PER_MINUTE; probe++) {
        const status = statusOf(m, region, probe);
        rows.push({ projectId, checkId, region, time: B + m * M + 5_000 + probe * 20_000 + r * 1_000, status, statusCode: status === 'down' ? 503 : 200, latencyMs: status === 'degraded' ? 2_500 : 80, error: '', retentionDays: 30 });
      }
    });
  }
  return rows;
}

/** Hand counts over minutes [from, to), written from the pattern above, one case per SLI. */
const hand = {
  probes: (m: number) => ({ valid: 9, bad: (euDown(m) ? 3 : 0) + (usDown(m) ? 3 : usBlip(m) ? 1 : 0) }),
  probesDegradedBad: (m: number) => ({ valid: 9, bad: hand.probes(m).bad + (apDegraded(m) ? 3 : 0) }),
  // Quorum 2: the minute is down only when eu and us both say down.
  uptimeQuorum2: (m: number) => ({ valid: 1, bad: usDown(m) ? 1 : 0 }),
  // Degraded as bad: ap says down in its degraded minutes, so eu's lone outages then make two regions.
  uptimeQuorum2DegradedBad: (m: number) => ({ valid: 1, bad: usDown(m) || (euDown(m) && apDegraded(m)) ? 1 : 0 }),
  // Quorum 1: any region whose every probe failed takes the minute down.
  uptimeQuorum1: (m: number) => ({ valid: 1, bad: euDown(m) || usDown(m) ? 1 : 0 }),
};
function sums(rule: (m: number) => { valid: number; bad: number }, from: number, to: number): { good: number; valid: number } {
  let good = 0;
  let valid = 0;
  for (let m = from; m < to; m++) {
    if (gap(m)) continue;
    const { valid: v, bad } = rule(m);
    good += v - bad;
    valid += v;
  }
  return { good, valid };
}

let dataDir: string;
let telemetry: TelemetryStore;
let database: DatabaseCopy;
let store: ConfigStore;
let redis: Redis;
let recorder: SliRecorder;
let figures: SloFigures;
let catalog: SloCatalog;
let projectId: string;
let quorum2: string;
let quorum1: string;

async function createCheck(name: string, quorum: number): Promise<string> {
  const request = checkRequestSchema.parse({ name, kind: 'http', spec: { url: 'https://shop.example/health' }, regions: [...REGIONS], quorum });
  return (await store.checks.create(projectId, request, new Date(B))).id;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-slo-checks-'));
  telemetry = await createTelemetryStore({ database: 't_slo_check_sli', dataDir });
  await migrateTelemetryStore(telemetry);
  database = await createDatabaseCopy(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = await openConfigStore(database.url);
  redis = createRedisClient(inject('redisUrl'));
  recorder = new SliRecorder({ store, telemetry, marks: new LateDataMarks(redis, `t_${randomUUID()}:late`), logger: createLogger('silent') });
  figures = new SloFigures(telemetry);
  catalog = new SloCatalog(store);
  const organization = await store.organizations.create({ name: 'Acme' });
  projectId = (await store.projects.create({ organizationId: organization.id, name: 'Shop', slug: `shop-${randomUUID().slice(0, 8)}` })).id;
  quorum2 = await createCheck('shop health (quorum 2)', 2);
  quorum1 = await createCheck('shop health (quorum 1)', 1);
  const repository = new CheckResultRepository(telemetry);
  await repository.insert([...results(projectId, quorum2, 0, MINUTES), ...results(projectId, quorum1, 0, MINUTES)]);
}, 120_000);

afterAll(async () => {
  await store?.close();
  await database?.drop();
  await telemetry?.close();
  redis?.disconnect();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const sloOf = (name: string, sli: SloRequestInput['sli'], objective = 99): SloRequestInput => ({ name, sli, objective, window: { kind: 'rolling', days: 30 } });

async function recordAll(sloId: string, now: number): Promise<SloRecord> {
  for (let tick = 0; tick < 20; tick++) {
    await recorder.tick(now);
    const slo = (await store.slos.listAll([sloId]))[0] as SloRecord;
    if (slo.historyCursor !== null && slo.historyLimit !== null && slo.historyCursor <= slo.historyLimit) return slo;
  }
  throw new Error('history was not recorded within 20 ticks');
}

describe('check SLIs from seeded check results', () => {
  const cases = [
    ['check_probes', { kind: 'check_probes', checkId: '' }, 'q2', hand.probes],
    ['check_probes, degraded counted bad', { kind: 'check_probes', checkId: '', degraded: 'bad' }, 'q2', hand.probesDegradedBad],
    ['check_uptime, quorum 2', { kind: 'check_uptime', checkId: '' }, 'q2', hand.uptimeQuorum2],
    ['check_uptime, quorum 2, degraded counted bad', { kind: 'check_uptime', checkId: '', degraded: 'bad' }, 'q2', hand.uptimeQuorum2DegradedBad],
    ['check_uptime, quorum 1', { kind: 'check_uptime', checkId: '' }, 'q1', hand.uptimeQuorum1],
  ] as const;
  const slos = new Map<string, SloRecord>();

  beforeAll(async () => {
    for (const [name, sli, check] of cases) {
      const created = (await catalog.create(projectId, sloRequestSchema.parse(sloOf(name, { ...sli, checkId: check === 'q2' ? quorum2 : quorum1 })))) as SloRecord;
      slos.set(name, created);
    }
    for (const [name, slo] of slos) slos.set(name, await recordAll(slo.id, NOW));
  }, 180_000);

  it('records live from the first tick and history back to the first result', () => {
    for (const slo of slos.values()) {
      expect(slo.recordedUntil?.getTime()).toBe(END);
      expect(slo.historyLimit?.getTime()).toBe(B);
      expect(slo.historyReachedBack?.getTime()).toBe(B);
      expect(slo.recordingError).toBeNull();
    }
  });

  it.each(cases.map(([name, , , rule]) => [name, rule] as const))('%s: events, SLI and the seven burn rates match the hand count', async (name, rule) => {
    const detail = await figures.detail(projectId, slos.get(name) as SloRecord, NOW);
    const all = sums(rule, 0, MINUTES);
    expect(detail?.events).toEqual(all);
    const expected = [5, 30, 60, 120, 360, 1440, 4320].map((minutes) => {
      const { good, valid } = sums(rule, Math.max(0, MINUTES - minutes), MINUTES);
      return { seconds: minutes * 60, good, valid, burnRate: (valid - good) / valid / 0.01 };
    });
    expect(detail?.burnRates.map(({ seconds, good, valid, burnRate }) => ({ seconds, good, valid, burnRate }))).toEqual(expected);
  });

  it('counts the budget of minutes up exactly: allowed, consumed and left, in events and minutes', async () => {
    const detail = await figures.detail(projectId, slos.get('check_uptime, quorum 2') as SloRecord, NOW);
    const all = sums(hand.uptimeQuorum2, 0, MINUTES);
    // 2,880 minutes less 57 without results (m % 50 = 49) = 2,823 valid, 288 down (m % 10 = 7, none of them a gap).
    expect(all).toEqual({ valid: 2_823, good: 2_823 - 288 });
    const totalEvents = all.valid * 0.01;
    const consumed = 288 / totalEvents;
    expect(detail?.budget).toEqual({
      totalEvents,
      consumedEvents: 288,
      remainingEvents: totalEvents - 288,
      totalMinutes: 43_200 * 0.01,
      consumedMinutes: consumed * 43_200 * 0.01,
      remainingMinutes: 43_200 * 0.01 - consumed * 43_200 * 0.01,
      remainingPercent: (1 - consumed) * 100,
    });
  });

  it('previews what recording stores', async () => {
    const preview = await new SliPreview(telemetry).preview(projectId, { kind: 'check_uptime', checkId: quorum2, degraded: 'good' }, B, END, 2);
    expect({ good: preview.good, valid: preview.valid }).toEqual(sums(hand.uptimeQuorum2, 0, MINUTES));
    expect(preview.series[0]).toEqual([B, (() => {
      const hour = sums(hand.uptimeQuorum2, 0, 60);
      return hour.good / hour.valid;
    })()]);
  });

  it('pages on the fast burn and says the budget is exhausted, through the SLO rule kinds', async () => {
    const slo = slos.get('check_uptime, quorum 1') as SloRecord;
    const request = sloRequestSchema.parse(sloOf('check_uptime, quorum 1', { kind: 'check_uptime', checkId: quorum1 }));
    const source = new SloAlertSource(store, telemetry);
    const firing = new Map<string, (string | null)[]>();
    for (const definition of managedRules(slo.id, request)) {
      const rule = compileRule(createRuleKindRegistry(), definition);
      const requests = rule.dataRequests(NOW).flatMap((r) => (r.type === 'extension' ? [{ ruleId: rule.id, request: r }] : []));
      const answers = await source.fetch(projectId, requests, NOW);
      const data: RuleData = new Map([...(answers.get(rule.id) ?? new Map())].map(([id, value]) => [id, { type: 'extension' as const, value }]));
      const evaluation = evaluateRule(rule, data, [], NOW);
      firing.set(definition.name, evaluation.instances.filter((instance) => instance.status === 'firing').map((instance) => instance.severity));
    }
    // 2 minutes down in 10 is a 20 % error ratio: 20× a 99 % budget over every window.
    expect(sums(hand.uptimeQuorum1, MINUTES - 60, MINUTES)).toEqual({ valid: 59, good: 59 - 12 });
    expect(Object.fromEntries(firing)).toEqual({
      'check_uptime, quorum 1: page, burn rate over 14.4× (1h/5m)': ['critical'],
      'check_uptime, quorum 1: page, burn rate over 6× (6h/30m)': ['critical'],
      'check_uptime, quorum 1: ticket, burn rate over 3× (1d/2h)': ['warning'],
      'check_uptime, quorum 1: ticket, burn rate over 1× (3d/6h)': ['warning'],
      'check_uptime, quorum 1: error budget': ['critical'],
    });
  });

  it('counts results written after their minute was recorded at the next pass, once', async () => {
    const slo = slos.get('check_probes') as SloRecord;
    // A stalled prober's three down results for the minute before the last, written late.
    const late: NewCheckResult[] = [0, 1, 2].map((i) => ({ projectId, checkId: quorum2, region: 'sa', time: END - 2 * M + 10_000 + i * 1_000, status: 'down', statusCode: 0, latencyMs: null, error: 'timeout', retentionDays: 30 }));
    await new CheckResultRepository(telemetry).insert(late);
    await recorder.tick(NOW + M);
    await recorder.tick(NOW + 2 * M);
    const all = sums(hand.probes, 0, MINUTES);
    expect((await figures.detail(projectId, slo, NOW + 2 * M))?.events).toEqual({ good: all.good, valid: all.valid + 3 });
  });
});

describe('tenant isolation and check removal', () => {
  it('reads only its own project’s results: another project’s SLO on the same check id counts nothing', async () => {
    const organization = await store.organizations.create({ name: 'Other' });
    const other = (await store.projects.create({ organizationId: organization.id, name: 'Other', slug: `other-${randomUUID().slice(0, 8)}` })).id;
    const preview = await new SliPreview(telemetry).preview(other, { kind: 'check_probes', checkId: quorum2, degraded: 'good' }, B, END);
    expect({ good: preview.good, valid: preview.valid }).toEqual({ good: 0, valid: 0 });
  });

  it('names the SLOs that read a check, so the API can refuse deleting it', async () => {
    expect(await store.slos.namesReadingCheck(projectId, quorum1)).toEqual(['check_uptime, quorum 1']);
    expect(await store.slos.namesReadingCheck(projectId, randomUUID())).toEqual([]);
  });

  it('says so on the SLO when its check is gone', async () => {
    const check = await createCheck('short-lived', 1);
    const slo = (await catalog.create(projectId, sloRequestSchema.parse(sloOf('short-lived uptime', { kind: 'check_uptime', checkId: check })))) as SloRecord;
    await store.checks.delete(projectId, check);
    await recorder.tick(NOW + 3 * M);
    expect((await store.slos.find(projectId, slo.id))?.recordingError).toBe(`the check ${check} this SLI reads no longer exists`);
  });
});
