import { startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { engineStateOf } from './alert-evaluator';
import { type AlertingHarness, eventually, openAlertingHarness, payloadOf } from './testing/alerting-harness';

// Noise control on the real worker: a group still firing is sent again after its repeat interval;
// resolved notifications go only where the policy sends them; an alert that resolved and fires
// again is notified again; a silence mutes, and when it ends while the alert still fires a
// notice says so; a maintenance window that is on mutes. Each scenario has its own rule, policy
// and receiver, all started together so the file waits for the slowest one only.

const METRIC = 'noise_depth';
let harness: AlertingHarness;
const receivers = new Map<string, WebhookReceiver>();
const channels = new Map<string, string>();

/** A receiver, channel and policy (routing this rule's alerts only) per scenario. */
async function scenario(rule: string, policy: { sendResolved?: boolean; repeatIntervalSeconds?: number } = {}, receiverName = rule): Promise<WebhookReceiver> {
  let receiver = receivers.get(receiverName);
  if (!receiver) {
    receiver = await startWebhookReceiver();
    receivers.set(receiverName, receiver);
    channels.set(receiverName, (await harness.channel(receiver.url, receiverName)).id);
  }
  await harness.policy({ name: receiverName, channelIds: [channels.get(receiverName) ?? ''], matchers: [{ label: 'alertname', op: '=', value: rule }], continue: true, ...policy });
  return receiver;
}

async function ruleFor(name: string): Promise<string> {
  const rule = await harness.rule({
    name,
    kind: 'metric_threshold',
    intervalSeconds: 10,
    spec: { query: { name: METRIC, matchers: [{ label: 'rule', op: '=', value: name }] }, windowSeconds: 600, comparator: '>', critical: 100 },
    annotations: { summary: `${name} is too deep` },
  });
  return rule.id;
}

async function value(rule: string, sample: number): Promise<void> {
  await harness.writeSamples([{ name: METRIC, labels: { rule }, value: sample, timestampMs: Date.now() - 500 }]);
}

const statuses = (receiver: WebhookReceiver | undefined) => (receiver?.received ?? []).map((request) => payloadOf(request).status);
const instanceOf = async (ruleId: string) => (await harness.store.alertInstances.listForProject(harness.projectId, { ruleId }))[0];

let silenceId: string;
let windowId: string;
const ruleIds = new Map<string, string>();

beforeAll(async () => {
  harness = await openAlertingHarness({ postgresAdminUrl: inject('postgresAdminUrl'), postgresTemplateDatabase: inject('postgresTemplateDatabase'), redisUrl: inject('redisUrl'), name: 'noise-control' });
  // Repeat: a repeat interval of 2 s (the API's floor is 60 s; the engine takes what is stored).
  await scenario('Repeating', { repeatIntervalSeconds: 2 });
  // Resolved: two policies for one rule, one sends resolved notifications and one does not.
  await scenario('Recovering', { sendResolved: true }, 'with-resolved');
  await scenario('Recovering', { sendResolved: false }, 'without-resolved');
  // Repeated every 2 s once it notifies, to see what the notifications after the notice carry.
  await scenario('Silenced', { repeatIntervalSeconds: 2 });
  await scenario('InMaintenance');
  for (const rule of ['Repeating', 'Recovering', 'Silenced', 'InMaintenance']) ruleIds.set(rule, await ruleFor(rule));
  silenceId = (await harness.store.silences.create(harness.projectId, { matchers: [{ label: 'alertname', op: '=', value: 'Silenced' }], startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000), comment: 'deploying', createdBy: 'test' })).id;
  // A window that starts every minute and lasts 10: on now, whatever the minute.
  windowId = (await harness.store.maintenanceWindows.create(harness.projectId, { name: 'always', cron: '* * * * *', durationMinutes: 10, timezone: 'Europe/Berlin', matchers: [{ label: 'alertname', op: '=', value: 'InMaintenance' }], enabled: true })).id;
  for (const rule of ruleIds.keys()) await value(rule, 150);
  await harness.startWorker();
});

afterAll(async () => {
  await harness?.close();
  for (const receiver of receivers.values()) await receiver.close();
});

describe('noise control', () => {
  it('sends a group that is still firing again after its repeat interval, as a new notification of the same group', async () => {
    const receiver = receivers.get('Repeating');
    await receiver?.waitFor('two repeats', (received) => received.length >= 3, 40_000);
    const payloads = (receiver?.received ?? []).map(payloadOf);
    expect(payloads.map((payload) => payload.status)).toEqual(payloads.map(() => 'firing'));
    expect(new Set(payloads.map((payload) => payload.groupKey)).size).toBe(1);
    expect(new Set(payloads.map((payload) => payload.id)).size).toBe(payloads.length);
  });

  it('sends resolved notifications only where the policy says so, and notifies an alert that fires again', async () => {
    const withResolved = receivers.get('with-resolved');
    const withoutResolved = receivers.get('without-resolved');
    await withResolved?.waitFor('the firing notification', (received) => received.length >= 1, 30_000);
    await withoutResolved?.waitFor('the firing notification', (received) => received.length >= 1, 10_000);
    await value('Recovering', 0);
    await withResolved?.waitFor('the resolved notification', (received) => statuses({ received } as WebhookReceiver).includes('resolved'), 30_000);
    // The other policy's group let the resolved alert go without a word (its group is gone).
    const policies = await harness.store.policies.listForProject(harness.projectId);
    const quiet = policies.find((policy) => policy.name === 'without-resolved');
    await eventually('the quiet policy’s group to be dropped', async () => ((await harness.store.notificationGroups.listForPolicy(quiet?.id ?? '')).length === 0 ? true : undefined));
    expect(statuses(withoutResolved)).toEqual(['firing']);

    // It fires again: a new notification on both, not mistaken for the first one.
    await value('Recovering', 1_000);
    await withResolved?.waitFor('the second firing notification', (received) => received.length >= 3, 30_000);
    await withoutResolved?.waitFor('the second firing notification', (received) => received.length >= 2, 10_000);
    expect(statuses(withResolved)).toEqual(['firing', 'resolved', 'firing']);
    expect(statuses(withoutResolved)).toEqual(['firing', 'firing']);
    for (const receiver of [withResolved, withoutResolved]) {
      const ids = (receiver?.received ?? []).map((request) => String(request.headers['webhook-id']));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('mutes a silenced alert, and says it still fires when the silence ends', async () => {
    const receiver = receivers.get('Silenced');
    const ruleId = ruleIds.get('Silenced') ?? '';
    const muted = await eventually('the alert firing, muted by the silence', async () => {
      const instance = await instanceOf(ruleId);
      return instance?.state === 'firing' && engineStateOf(instance).silencedBy.includes(silenceId) ? instance : undefined;
    });
    expect(muted.labels['alertname']).toBe('Silenced');
    // Another rule's repeat shows flushes went by meanwhile; this one said nothing.
    await receivers.get('Repeating')?.waitFor('a repeat after the mute was recorded', (received) => received.some((request) => request.at > Date.now() - 500), 10_000);
    expect(receiver?.received).toHaveLength(0);

    await harness.store.silences.update(harness.projectId, silenceId, { endsAt: new Date() });
    await receiver?.waitFor('the notification after the silence and a repeat', (received) => received.length >= 2, 30_000);
    const [notice, repeat] = (receiver?.received ?? []).map(payloadOf);
    expect(notice?.status).toBe('firing');
    // The notice comes with the first notification, beside the rule's own annotations, which later ones keep.
    expect(notice?.alerts[0]?.annotations).toEqual({ summary: 'Silenced is too deep', vigil_notice: expect.stringContaining(silenceId) });
    expect(repeat?.alerts[0]?.annotations['summary']).toBe('Silenced is too deep');
  });

  it('mutes alerts while a maintenance window is on', async () => {
    const receiver = receivers.get('InMaintenance');
    const ruleId = ruleIds.get('InMaintenance') ?? '';
    await eventually('the alert firing, muted by the window', async () => {
      const instance = await instanceOf(ruleId);
      return instance?.state === 'firing' && engineStateOf(instance).silencedBy.includes(windowId) ? instance : undefined;
    });
    await receivers.get('Repeating')?.waitFor('a repeat after the mute was recorded', (received) => received.some((request) => request.at > Date.now() - 500), 10_000);
    expect(receiver?.received).toHaveLength(0);

    // The window is turned off: the alert notifies (with the notice that its mute ended).
    const window = await harness.store.maintenanceWindows.find(harness.projectId, windowId);
    if (!window) throw new Error('the window is gone');
    await harness.store.maintenanceWindows.replace(harness.projectId, windowId, { ...window, enabled: false });
    await receiver?.waitFor('the notification after the window', (received) => received.length >= 1, 30_000);
    expect((receiver?.received ?? []).map(payloadOf)[0]?.alerts[0]?.annotations['vigil_notice']).toContain(windowId);
  });
});
