// Uptime checks through the real engines, several probers in one process: Postgres (a test
// database), chDB, Redis, loopback targets that go down and come back, and the alerting worker
// delivering signed webhooks. Lives in apps/e2e (run by the int project): it needs @vigil/testing,
// which a lib may not import.
import { AlertingWorker } from '@vigil/alert-engine';
import { hashToken } from '@vigil/auth';
import { batchOfCheck, ProberWorker, schedulerId } from '@vigil/check-engine';
import { alertRuleRequestSchema, type CheckRequestInput, checkRequestSchema, policyRequestSchema } from '@vigil/contracts';
import type { CheckRecord, ConfigStore } from '@vigil/config-store';
import type { Resolver } from '@vigil/outbound-guard';
import { runSlot, scheduleOffsetMs } from '@vigil/probing';
import { SelfMetrics } from '@vigil/self-monitoring';
import { createLogger } from '@vigil/server-kit';
import { CheckResultRepository, type GroupCommitWriter, type TelemetryStore } from '@vigil/telemetry-store';
import { type ProbeTarget, sampleValue, startHttpTarget, startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import type { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CheckEngines, startCheckEngines, waitFor } from './support/check-engines';

const INTERVAL_S = 10;
const TIMEOUT_MS = 2_000;
/** Scheduling on a busy 2-core machine: BullMQ's delayed jobs may start a little late. */
const SLACK_MS = 4_000;
const prefix = `t-checks-${randomUUID().slice(0, 8)}`;
const logger = createLogger('warn');
const loopback = { allow: ['127.0.0.0/8', 'target.test'] };

let engines: CheckEngines;
let store: ConfigStore;
let telemetry: TelemetryStore;
let writer: GroupCommitWriter;
let redis: Redis;
let projectId: string;
let receiver: WebhookReceiver;
let secret: string;
let alerting: AlertingWorker;
const probers: ProberWorker[] = [];
const metrics = new SelfMetrics();
const targets: ProbeTarget[] = [];

async function startProber(region: string, resolver?: Resolver): Promise<ProberWorker> {
  const prober = new ProberWorker({ store, results: writer, redisUrl: inject('redisUrl'), redis, region, outboundPolicy: loopback, logger, queuePrefix: prefix, syncEveryMs: 2_000, sweepEveryMs: 1_000, metrics, ...(resolver ? { resolver } : {}) });
  await prober.start();
  probers.push(prober);
  return prober;
}

async function target(): Promise<ProbeTarget> {
  const started = await startHttpTarget();
  targets.push(started);
  return started;
}

async function createCheck(input: CheckRequestInput): Promise<CheckRecord> {
  const check = await store.checks.create(projectId, checkRequestSchema.parse(input), new Date());
  // What the API does on every change: the checks version moves, every region's probers reload within a second.
  if (probers[0]) await probers[0].schedules.changed();
  return check;
}

const stateOf = async (checkId: string) => (await store.checks.findWithState(projectId, checkId))?.state;
const incidentsOf = (checkId: string) => store.incidents.list(projectId, { from: 0, to: Date.now() + 60_000, checkIds: [checkId], limit: 100 });
const notifications = () => receiver.received.map((one) => JSON.parse(one.body) as { status: string; alerts: { status: string; labels: Record<string, string>; evidence: { lines?: { body: string; service: string }[] } | null }[] });

beforeAll(async () => {
  engines = await startCheckEngines('checks-engine');
  ({ store, telemetry, writer, redis, projectId } = engines);
  receiver = await startWebhookReceiver();
  const channel = await engines.addChannel('on-call', 'webhook', receiver.url);
  secret = channel.secret;
  const channelId = channel.id;
  await store.policies.create(projectId, policyRequestSchema.parse({ name: 'everything', channelIds: [channelId], groupBy: ['alertname', 'check_id'], groupWaitSeconds: 0, groupIntervalSeconds: 1 }));
  await store.alertRules.create(projectId, alertRuleRequestSchema.parse({ name: 'Checks down', kind: 'check_down', spec: {}, intervalSeconds: 60 }));
  alerting = new AlertingWorker({ store, telemetry, redisUrl: inject('redisUrl'), secretKey: engines.secretKey, outboundPolicy: loopback, publicUrl: 'http://vigil.test', logger, queuePrefix: prefix, scheduleSyncMs: 60_000 });
  await alerting.start();
}, 120_000);

afterAll(async () => {
  for (const prober of probers) await prober.close();
  await alerting?.close();
  for (const one of targets) await one.stop().catch(() => undefined);
  await receiver?.close();
  await engines?.close();
});

describe('uptime checks on real engines', () => {
  it('detects a dead target within (retries + 1) × interval + timeout, opens one incident, notifies once for a parent and its child, and resolves; two probers of one region never run a check twice in an interval', async () => {
    const web = await target();
    const first = await startProber('local');
    await startProber('local');
    const parent = await createCheck({ name: 'gateway', kind: 'http', spec: { url: web.url }, intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, retries: 0 });
    const child = await createCheck({ name: 'api', kind: 'tcp', spec: { host: '127.0.0.1', port: web.port }, intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, retries: 0, parentId: parent.id });
    // Both probers re-sync the region's schedules while this runs: still one scheduler per batch the checks fall in.
    await Promise.all(probers.map((prober) => prober.syncSchedules()));
    expect((await first.schedules.queue('local').queue.getJobSchedulers()).map((one) => one.key).sort()).toEqual([...new Set([parent, child].map((check) => schedulerId(batchOfCheck(check))))].sort());

    await waitFor('the gateway to be up', async () => (await stateOf(parent.id))?.status === 'up', INTERVAL_S * 1000 + SLACK_MS + TIMEOUT_MS);
    await waitFor('the api to be up', async () => (await stateOf(child.id))?.status === 'up', INTERVAL_S * 1000 + SLACK_MS + TIMEOUT_MS);

    const killedAt = Date.now();
    await web.stop();
    const [incident] = await waitFor('the gateway’s incident', async () => {
      const open = (await incidentsOf(parent.id)).filter((one) => one.endedAt === null);
      return open.length > 0 ? open : undefined;
    }, 2 * INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    expect(incident?.startedAt.getTime()).toBeLessThanOrEqual(killedAt + (0 + 1) * INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    expect(incident).toMatchObject({ severity: 'down', regions: ['local'], cause: expect.stringContaining('refused') });

    // One notification: the gateway, listing the api that depends on it; none of the api's own.
    await receiver.waitFor('the gateway’s notification', () => notifications().some((one) => one.status === 'firing'), 30_000);
    await waitFor('the api to be down too', async () => (await stateOf(child.id))?.status === 'down', INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    const firing = notifications().filter((one) => one.status === 'firing');
    expect(firing).toHaveLength(1);
    expect(firing[0]?.alerts.map((alert) => alert.labels['check_name'])).toEqual(['gateway']);
    const signed = receiver.received.find((one) => JSON.parse(one.body).status === 'firing');
    expect(() => new Webhook(secret).verify(signed?.body ?? '', signed?.headers as Record<string, string>)).not.toThrow();
    expect((await stateOf(child.id))?.status).toBe('down');
    const [childIncident] = (await incidentsOf(child.id)).filter((one) => one.endedAt === null);
    // The probes' phases decide which noticed first: a child already down when the gateway's alert
    // fired is listed in it; one that went down after is held back silently.
    const listed = firing[0]?.alerts[0]?.evidence?.lines?.some((line) => line.body.startsWith('affected: api is down too (depends on gateway)')) ?? false;
    expect(listed || (childIncident?.startedAt.getTime() ?? 0) >= (incident?.startedAt.getTime() ?? Infinity)).toBe(true);

    await web.start();
    await waitFor('the gateway’s incident to close', async () => (await incidentsOf(parent.id)).every((one) => one.endedAt !== null), INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    await receiver.waitFor('the resolved notification', () => notifications().some((one) => one.status === 'resolved' && one.alerts[0]?.labels['check_name'] === 'gateway'), 30_000);
    const closed = (await incidentsOf(parent.id))[0];
    expect(closed?.endedAt?.getTime()).toBeGreaterThan(closed?.startedAt.getTime() ?? Infinity);
    expect(notifications().filter((one) => one.alerts.some((alert) => alert.labels['check_name'] === 'api'))).toEqual([]);

    // Every run of each check, in each interval slot of its schedule, happened once.
    const results = new CheckResultRepository(telemetry);
    for (const check of [parent, child]) {
      const runs = await results.list(projectId, check.id, { from: 0, to: Date.now() + 1_000, limit: 10_000 });
      const everyMs = INTERVAL_S * 1000;
      const slots = runs.map((run) => runSlot(run.time, everyMs, scheduleOffsetMs(check.id, everyMs)));
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(new Set(slots).size).toBe(slots.length);
    }
    // Each scheduled run reported how late it started against its slot: within the interval.
    const exposition = await metrics.registry.metrics();
    const httpRuns = sampleValue(exposition, 'vigil_probe_lag_seconds_count', { kind: 'http' }) ?? 0;
    expect(httpRuns).toBeGreaterThanOrEqual(2);
    expect(sampleValue(exposition, 'vigil_probe_lag_seconds_count', { kind: 'tcp' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(exposition, 'vigil_probe_lag_seconds_sum', { kind: 'http' })).toBeLessThan(httpRuns * INTERVAL_S);
    for (const prober of probers.splice(0)) await prober.close();
  }, 180_000);

  it('needs a quorum of regions: one region that cannot reach the target takes down only a check whose quorum is one', async () => {
    const web = await target();
    const reachable: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    // The target listens on 127.0.0.1 only: from "us", target.test is an address where nothing listens.
    const cutOff: Resolver = async () => [{ address: '127.0.0.2', family: 4 }];
    await startProber('eu', reachable);
    await startProber('us', cutOff);
    const url = `http://target.test:${web.port}/`;
    const strict = await createCheck({ name: 'quorum two', kind: 'http', spec: { url }, intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, retries: 0, regions: ['eu', 'us'], quorum: 2 });
    const eager = await createCheck({ name: 'quorum one', kind: 'http', spec: { url }, intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, retries: 0, regions: ['eu', 'us'], quorum: 1 });

    const [incident] = await waitFor('the quorum-one check to go down from us alone', async () => {
      const open = await incidentsOf(eager.id);
      return open.length > 0 ? open : undefined;
    }, 2 * INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    expect(incident?.regions).toEqual(['us']);
    // By then both regions have run the quorum-two check: "us" says down, "eu" up — it is up.
    const results = new CheckResultRepository(telemetry);
    await waitFor('both regions’ results for the quorum-two check', async () => {
      const runs = await results.list(projectId, strict.id, { from: 0, to: Date.now() + 1_000, limit: 100 });
      return runs.some((run) => run.region === 'us' && run.status === 'down') && runs.some((run) => run.region === 'eu' && run.status === 'up');
    }, INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    await waitFor('the quorum-two check to be up', async () => (await stateOf(strict.id))?.status === 'up', 5_000);
    expect(await incidentsOf(strict.id)).toEqual([]);

    await web.stop();
    const [both] = await waitFor('the quorum-two check to go down from both regions', async () => {
      const open = await incidentsOf(strict.id);
      return open.length > 0 ? open : undefined;
    }, 2 * INTERVAL_S * 1000 + TIMEOUT_MS + SLACK_MS);
    expect(both?.regions).toEqual(['eu', 'us']);
    expect((await stateOf(strict.id))?.regionStates.map((region) => [region.region, region.status]).sort()).toEqual([
      ['eu', 'down'],
      ['us', 'down'],
    ]);
    for (const prober of probers.splice(0)) await prober.close();
  }, 120_000);

  it('a push check whose job stops pinging goes down, opens an incident and its alert; a ping brings it back', async () => {
    const prober = await startProber('local');
    const created = await store.checks.create(projectId, checkRequestSchema.parse({ name: 'nightly backup', kind: 'push', spec: { periodSeconds: 10, graceSeconds: 0 } }), new Date(), { hash: 'unused', prefix: 'vpt_' });
    const token = `vpt_${randomBytes(32).toString('base64url')}`;
    await store.checks.setPushToken(projectId, created.id, { hash: hashToken(token), prefix: token.slice(0, 12) });

    expect(await prober.push.ping(token, { type: 'start' }, Date.now())).toBe(true);
    const started = Date.now();
    expect(await prober.push.ping(token, { type: 'success' }, started + 1_500)).toBe(true);
    const up = await stateOf(created.id);
    expect(up).toMatchObject({ status: 'up', push: { lastDurationMs: expect.any(Number), lastSuccessAt: started + 1_500 } });
    expect(up?.pushDeadline?.getTime()).toBe(started + 1_500 + 10_000);
    expect(await prober.push.ping('vpt_unknown', { type: 'success' }, Date.now())).toBe(false);

    const [incident] = await waitFor('the missed ping’s incident', async () => {
      const open = await incidentsOf(created.id);
      return open.length > 0 ? open : undefined;
    }, 10_000 + SLACK_MS + 2_000);
    expect(incident?.cause).toMatch(/^no ping since .* \(period 10 s \+ grace 0 s\)$/);
    await receiver.waitFor('the push check’s notification', () => notifications().some((one) => one.status === 'firing' && one.alerts[0]?.labels['check_name'] === 'nightly backup'), 30_000);
    const alert = notifications().find((one) => one.alerts[0]?.labels['check_name'] === 'nightly backup')?.alerts[0];
    expect(alert?.evidence?.lines?.[0]?.body).toMatch(/^no ping since/);

    expect(await prober.push.ping(token, { type: 'exit', code: 2, message: 'tar: disk full' }, Date.now())).toBe(true);
    expect((await stateOf(created.id))?.push).toMatchObject({ status: 'down', lastFailure: 'exit status 2: tar: disk full' });
    expect(await prober.push.ping(token, { type: 'success' }, Date.now())).toBe(true);
    expect((await stateOf(created.id))?.status).toBe('up');
    expect((await incidentsOf(created.id)).every((one) => one.endedAt !== null)).toBe(true);
    // The missed ping's result is stored by the background results lane (rounds a second apart),
    // which a ping's answer does not wait for: wait for all four, then compare them.
    const listed = () => new CheckResultRepository(telemetry).list(projectId, created.id, { from: 0, to: Date.now() + 1_000, limit: 100 });
    const results = await waitFor('the push check’s four results', async () => {
      const all = await listed();
      return all.length >= 4 ? all : undefined;
    }, 10_000);
    expect(results.map((result) => [result.region, result.status])).toEqual([
      ['push', 'up'],
      ['push', 'down'],
      ['push', 'down'],
      ['push', 'up'],
    ]);
  }, 60_000);
});
