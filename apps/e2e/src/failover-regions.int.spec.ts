// Failover groups with a region quorum through the real engines: two probers of different
// regions in one process (one Redis, one chDB, one test database), the alerting worker delivering
// the signed failover webhooks, and loopback targets. A region that cannot reach the primary is
// made by name resolution: the primary's check names it `target.test`, which the "eu" prober
// resolves to 127.0.0.1 (where it listens) and the "us" prober to 127.0.0.2 (where nothing
// listens, so its connections are refused) — the simplest real partition a test can make without
// root (network namespaces would need it), and the same mechanism a region with its own view of
// DNS uses (ProberWorker's `resolver`).
import { AlertingWorker } from '@vigil/alert-engine';
import { ProberWorker } from '@vigil/check-engine';
import { checkRequestSchema, failoverGroupRequestSchema, type FailoverWebhookPayload } from '@vigil/contracts';
import type { CheckRecord, ConfigStore, FailoverGroupRecord } from '@vigil/config-store';
import type { Resolver } from '@vigil/outbound-guard';
import { failoverWithinMs } from '@vigil/probing';
import { createLogger } from '@vigil/server-kit';
import { CheckResultRepository } from '@vigil/telemetry-store';
import { type ProbeTarget, startHttpTarget, startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CheckEngines, startCheckEngines, waitFor } from './support/check-engines';

const INTERVAL_S = 10;
const TIMEOUT_MS = 2_000;
const THRESHOLDS = { fall: 2, rise: 2 };
const REGIONS = ['eu', 'us'];
/** Scheduling on a busy 2-core machine: BullMQ's delayed jobs may start a little late. */
const SLACK_MS = 4_000;
const prefix = `t-failover-regions-${randomUUID().slice(0, 8)}`;
const logger = createLogger('warn');
const loopback = { allow: ['127.0.0.0/8', 'target.test'] };
const reachable: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
const cutOff: Resolver = async () => [{ address: '127.0.0.2', family: 4 }];

let engines: CheckEngines;
let store: ConfigStore;
let projectId: string;
let receiver: WebhookReceiver;
let secret: string;
let channelId: string;
let alerting: AlertingWorker;
const probers: ProberWorker[] = [];
let primary: ProbeTarget;
let standby: ProbeTarget;

async function createCheck(name: string, url: string): Promise<CheckRecord> {
  const check = await store.checks.create(projectId, checkRequestSchema.parse({ name, kind: 'http', spec: { url }, intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, retries: 0, regions: REGIONS }), new Date());
  // What the API does on every change: the checks version moves, the probers reload within a second.
  await probers[0]?.schedules.changed();
  return check;
}

async function createGroup(name: string, quorum: number, primaryCheck: CheckRecord, standbyCheck: CheckRecord): Promise<FailoverGroupRecord> {
  const group = await store.failoverGroups.create(
    projectId,
    failoverGroupRequestSchema.parse({
      name,
      ...THRESHOLDS,
      quorum,
      channelIds: [channelId],
      targets: [
        { name: 'primary', address: `127.0.0.1:${primary.port}`, checkId: primaryCheck.id },
        { name: 'standby', address: `127.0.0.1:${standby.port}`, checkId: standbyCheck.id },
      ],
    }),
  );
  // What the API does at creation: the first decision (and its webhook).
  return (await probers[0]?.failover.decide(group.id, Date.now())) ?? group;
}

const group = async (id: string): Promise<FailoverGroupRecord> => (await store.failoverGroups.find(projectId, id)) as FailoverGroupRecord;
const switches = (groupId: string) =>
  receiver.received.map((one) => ({ one, payload: JSON.parse(one.body) as FailoverWebhookPayload })).filter(({ payload }) => payload.data.groupId === groupId);

beforeAll(async () => {
  engines = await startCheckEngines('failover-regions');
  ({ store, projectId } = engines);
  receiver = await startWebhookReceiver();
  ({ id: channelId, secret } = await engines.addChannel('load balancer', 'webhook', receiver.url));
  alerting = new AlertingWorker({ store, telemetry: engines.telemetry, redisUrl: inject('redisUrl'), secretKey: engines.secretKey, outboundPolicy: loopback, publicUrl: 'http://vigil.test', logger, queuePrefix: prefix, scheduleSyncMs: 60_000 });
  await alerting.start();
  for (const [region, resolver] of [['eu', reachable], ['us', cutOff]] as const) {
    const prober = new ProberWorker({ store, results: engines.writer, redisUrl: inject('redisUrl'), redis: engines.redis, region, outboundPolicy: loopback, logger, queuePrefix: prefix, syncEveryMs: 2_000, sweepEveryMs: 1_000, resolver });
    await prober.start();
    probers.push(prober);
  }
  primary = await startHttpTarget();
  standby = await startHttpTarget();
}, 120_000);

afterAll(async () => {
  for (const prober of probers) await prober.close();
  await alerting?.close();
  await primary?.stop().catch(() => undefined);
  await standby?.stop().catch(() => undefined);
  await receiver?.close();
  await engines?.close();
});

describe('failover groups with a region quorum', () => {
  it('a primary unreachable from one region fails over a quorum-one group only; a quorum-two group switches when both regions lose it, with a signed webhook', async () => {
    // The primary by name (one region cannot reach it), the standby by address (both can).
    const primaryCheck = await createCheck('primary', `http://target.test:${primary.port}/`);
    const standbyCheck = await createCheck('standby', standby.url);
    const eager = await createGroup('eager', 1, primaryCheck, standbyCheck);
    const strict = await createGroup('strict', 2, primaryCheck, standbyCheck);
    const [primaryOf, standbyOf] = [(g: FailoverGroupRecord) => g.targets[0]?.id, (g: FailoverGroupRecord) => g.targets[1]?.id];
    expect([eager.activeTargetId, strict.activeTargetId]).toEqual([primaryOf(eager), primaryOf(strict)]);
    const bound = failoverWithinMs(THRESHOLDS, INTERVAL_S, TIMEOUT_MS) + SLACK_MS;

    // "us" alone says the primary is down: the quorum-one group moves, the quorum-two group stays.
    const moved = await waitFor('the quorum-one group on the standby', async () => ((await group(eager.id)).activeTargetId === standbyOf(eager) ? group(eager.id) : false), bound);
    expect(moved.activeReason).toBe('healthy');
    const results = new CheckResultRepository(engines.telemetry);
    const primaryRuns = () => results.list(projectId, primaryCheck.id, { from: 0, to: Date.now() + 1_000, limit: 100 });
    // One more result from each region after the switch: the quorum-two group has seen "us" fail `fall` + 1 times in a row, "eu" succeed.
    const seenBefore = (await primaryRuns()).length;
    // Results reach the store in rounds a second or more apart, so wait on what is asserted below.
    await waitFor('another result of the primary from each region', async () => {
      const all = await primaryRuns(); // newest first
      const fresh = all.slice(0, all.length - seenBefore);
      return REGIONS.every((region) => fresh.some((run) => run.region === region)) && all.filter((run) => run.region === 'us').length >= THRESHOLDS.fall + 1;
    }, 2 * INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    const runs = await primaryRuns();
    expect(runs.filter((run) => run.region === 'us').length).toBeGreaterThanOrEqual(THRESHOLDS.fall + 1);
    expect(new Set(runs.filter((run) => run.region === 'us').map((run) => run.status))).toEqual(new Set(['down']));
    expect(new Set(runs.filter((run) => run.region === 'eu').map((run) => run.status))).toEqual(new Set(['up']));
    expect(await group(strict.id)).toMatchObject({ activeTargetId: primaryOf(strict), activeReason: 'healthy', version: strict.version });
    await receiver.waitFor('the quorum-one group’s switch webhook', () => switches(eager.id).length >= 2, 30_000);
    expect(switches(eager.id).map(({ payload }) => payload.data.to?.name)).toEqual(['primary', 'standby']);
    expect(switches(strict.id).map(({ payload }) => payload.data.to?.name)).toEqual(['primary']);

    // The primary dies for everyone: both regions say so and the quorum-two group switches.
    const killedAt = Date.now();
    await primary.stop();
    const switched = await waitFor('the quorum-two group on the standby', async () => ((await group(strict.id)).activeTargetId === standbyOf(strict) ? group(strict.id) : false), bound);
    expect((switched.activeSince?.getTime() ?? 0) - killedAt).toBeLessThanOrEqual(bound);
    expect(switched).toMatchObject({ activeReason: 'healthy', version: strict.version + 1 });
    await receiver.waitFor('the quorum-two group’s switch webhook', () => switches(strict.id).length >= 2, 30_000);
    const [, hook] = switches(strict.id);
    expect(() => new Webhook(secret).verify(hook?.one.body ?? '', hook?.one.headers as Record<string, string>)).not.toThrow();
    expect(hook?.payload.data).toMatchObject({ groupName: 'strict', from: { name: 'primary' }, to: { name: 'standby' }, reason: 'healthy', failOpen: false });
    // The quorum-one group was already on the standby: no second switch.
    expect(switches(eager.id)).toHaveLength(2);
  }, 180_000);
});
