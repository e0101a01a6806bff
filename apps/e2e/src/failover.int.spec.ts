// Failover groups through the real engines: Postgres (a test database), chDB, Redis, a prober,
// the alerting worker delivering the signed failover webhook, and two loopback HTTP servers — a
// primary that is killed and comes back, and a standby. Lives in apps/e2e (run by the int
// project) because it needs @vigil/testing.
import { AlertingWorker } from '@vigil/alert-engine';
import { ProberWorker } from '@vigil/check-engine';
import { checkRequestSchema, failoverGroupRequestSchema, type FailoverWebhookPayload } from '@vigil/contracts';
import { type CheckRecord, closePrismaClient, type ConfigStore, createPrismaClient, type FailoverGroupRecord } from '@vigil/config-store';
import { failbackWithinMs, failoverWithinMs } from '@vigil/probing';
import { createLogger } from '@vigil/server-kit';
import type { GroupCommitWriter } from '@vigil/telemetry-store';
import { type ProbeTarget, startHttpTarget, startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CheckEngines, startCheckEngines, waitFor } from './support/check-engines';

const INTERVAL_S = 10;
const TIMEOUT_MS = 2_000;
const THRESHOLDS = { fall: 2, rise: 2 };
/** Scheduling on a busy 2-core machine: BullMQ's delayed jobs may start a little late. */
const SLACK_MS = 4_000;
const prefix = `t-failover-${randomUUID().slice(0, 8)}`;
const logger = createLogger('warn');
const loopback = { allow: ['127.0.0.0/8'] };

let engines: CheckEngines;
let store: ConfigStore;
let writer: GroupCommitWriter;
let redis: Redis;
let projectId: string;
let receiver: WebhookReceiver;
/** A Slack-kind channel's receiver: people's notification of each switch. */
let chat: WebhookReceiver;
let chatChannelId: string;
let secret: string;
let channelId: string;
let alerting: AlertingWorker;
let prober: ProberWorker;
let primary: ProbeTarget;
let standby: ProbeTarget;

async function createCheck(name: string, url: string): Promise<CheckRecord> {
  const check = await store.checks.create(projectId, checkRequestSchema.parse({ name, kind: 'http', spec: { url }, intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, retries: 0 }), new Date());
  // What the API does on every change: the checks version moves, the probers reload within a second.
  await prober.schedules.changed();
  return check;
}

const payloads = () => receiver.received.map((one) => JSON.parse(one.body) as FailoverWebhookPayload);

beforeAll(async () => {
  engines = await startCheckEngines('failover');
  ({ store, writer, redis, projectId } = engines);
  receiver = await startWebhookReceiver();
  ({ id: channelId, secret } = await engines.addChannel('load balancer', 'webhook', receiver.url));
  chat = await startWebhookReceiver();
  chatChannelId = (await engines.addChannel('ops chat', 'slack', chat.url)).id;
  alerting = new AlertingWorker({ store, telemetry: engines.telemetry, redisUrl: inject('redisUrl'), secretKey: engines.secretKey, outboundPolicy: loopback, publicUrl: 'http://vigil.test', logger, queuePrefix: prefix, scheduleSyncMs: 60_000 });
  await alerting.start();
  prober = new ProberWorker({ store, results: writer, redisUrl: inject('redisUrl'), redis, region: 'local', outboundPolicy: loopback, logger, queuePrefix: prefix, syncEveryMs: 2_000, sweepEveryMs: 1_000 });
  await prober.start();
  primary = await startHttpTarget();
  standby = await startHttpTarget();
}, 120_000);

afterAll(async () => {
  await prober?.close();
  await alerting?.close();
  await primary?.stop().catch(() => undefined);
  await standby?.stop().catch(() => undefined);
  await receiver?.close();
  await chat?.close();
  await engines?.close();
});

describe('failover groups on real engines', () => {
  it('fails over within fall × interval + timeout, fails back within rise × interval, sends a signed webhook on each switch, honours a pin and fails open', async () => {
    const primaryCheck = await createCheck('primary', primary.url);
    const standbyCheck = await createCheck('standby', standby.url);
    const created = await store.failoverGroups.create(
      projectId,
      failoverGroupRequestSchema.parse({
        name: 'web',
        ...THRESHOLDS,
        channelIds: [channelId, chatChannelId],
        targets: [
          { name: 'primary', address: `127.0.0.1:${primary.port}`, checkId: primaryCheck.id },
          { name: 'standby', address: `127.0.0.1:${standby.port}`, checkId: standbyCheck.id },
        ],
      }),
    );
    const [primaryTarget, standbyTarget] = created.targets;
    const group = async (): Promise<FailoverGroupRecord> => (await store.failoverGroups.find(projectId, created.id)) as FailoverGroupRecord;
    const bound = INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS;

    // The first results decide: the primary, and its first webhook.
    await waitFor('the primary to be active', async () => (await group()).activeTargetId === primaryTarget?.id, bound);
    await receiver.waitFor('the first webhook', (received) => received.length >= 1, 30_000);
    expect(payloads()[0]).toMatchObject({ type: 'failover.switched', data: { groupId: created.id, from: null, to: { name: 'primary' }, reason: 'healthy', failOpen: false } });

    const killedAt = Date.now();
    await primary.stop();
    const failedOver = await waitFor('the standby to be active', async () => ((await group()).activeTargetId === standbyTarget?.id ? group() : false), failoverWithinMs(THRESHOLDS, INTERVAL_S, TIMEOUT_MS) + bound);
    const detectedMs = (failedOver.activeSince?.getTime() ?? 0) - killedAt;
    expect(detectedMs).toBeLessThanOrEqual(failoverWithinMs(THRESHOLDS, INTERVAL_S, TIMEOUT_MS) + SLACK_MS);
    expect(failedOver).toMatchObject({ activeReason: 'healthy', version: 3 });
    await receiver.waitFor('the failover webhook', (received) => received.length >= 2, 30_000);
    const switched = receiver.received[1];
    expect(() => new Webhook(secret).verify(switched?.body ?? '', switched?.headers as Record<string, string>)).not.toThrow();
    expect(payloads()[1]?.data).toMatchObject({ from: { name: 'primary', address: `127.0.0.1:${primary.port}` }, to: { name: 'standby', address: `127.0.0.1:${standby.port}` }, reason: 'healthy', failOpen: false });
    // People hear of it in their Slack channel, in Slack's shape.
    await chat.waitFor('the chat notification', (received) => received.some((one) => one.body.includes('moved from primary to standby')), 30_000);
    expect(JSON.parse(chat.received.find((one) => one.body.includes('moved from primary to standby'))?.body ?? '{}')).toMatchObject({ text: expect.stringContaining('web'), attachments: [{ blocks: expect.any(Array) }] });

    const restartedAt = Date.now();
    await primary.start();
    const failedBack = await waitFor('the primary to be active again', async () => ((await group()).activeTargetId === primaryTarget?.id ? group() : false), failbackWithinMs(THRESHOLDS, INTERVAL_S) + bound);
    expect((failedBack.activeSince?.getTime() ?? 0) - restartedAt).toBeLessThanOrEqual(failbackWithinMs(THRESHOLDS, INTERVAL_S) + TIMEOUT_MS + SLACK_MS);
    await receiver.waitFor('the fail-back webhook', (received) => received.length >= 3, 30_000);
    expect(payloads()[2]?.data).toMatchObject({ from: { name: 'standby' }, to: { name: 'primary' } });

    // A pin moves traffic at once, whatever the health, and unpinning hands it back to health.
    await store.failoverGroups.setPin(projectId, created.id, standbyTarget?.id ?? null);
    expect(await prober.failover.decide(created.id, Date.now())).toMatchObject({ activeTargetId: standbyTarget?.id, activeReason: 'pinned' });
    await store.failoverGroups.setPin(projectId, created.id, null);
    expect(await prober.failover.decide(created.id, Date.now())).toMatchObject({ activeTargetId: primaryTarget?.id, activeReason: 'healthy' });

    // Every target dead: the group stays on a target and says it fails open.
    await primary.stop();
    await standby.stop();
    const open = await waitFor('the group to fail open', async () => ((await group()).activeReason === 'all-unhealthy' ? group() : false), failoverWithinMs(THRESHOLDS, INTERVAL_S, TIMEOUT_MS) + 2 * bound);
    expect([primaryTarget?.id, standbyTarget?.id]).toContain(open.activeTargetId);

    const history = await store.failoverGroups.events(projectId, created.id, 20);
    expect(history.map((event) => event.reason).reverse().slice(0, 5)).toEqual(['healthy', 'healthy', 'healthy', 'pinned', 'healthy']);
    expect(history[0]?.reason).toBe('all-unhealthy');

    // Deleting the project takes its groups and checks together (its failover targets go with its checks).
    const prisma = createPrismaClient(engines.databaseUrl);
    try {
      await prisma.project.delete({ where: { id: projectId } });
    } finally {
      await closePrismaClient(prisma);
    }
    expect(await store.failoverGroups.find(projectId, created.id)).toBeNull();
  }, 240_000);
});
