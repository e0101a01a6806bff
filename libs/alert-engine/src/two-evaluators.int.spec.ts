import { alertingQueue, createQueue } from '@vigil/queue';
import { AlertEventRepository } from '@vigil/telemetry-store';
import { startWebhookReceiver, type WebhookReceiver } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AlertingHarness, eventually, openAlertingHarness, payloadOf } from './testing/alerting-harness';

// Two alerting workers on one Redis, one Postgres and one chDB store (two replicas in one
// process): K rules with a 10 s interval and `for: 20s` are each evaluated once per interval —
// every grid time once, none skipped, none twice — each goes pending then firing once, and each
// rule's notification arrives once.

const K = 6;
const INTERVAL_MS = 10_000;
/** Evaluations watched per rule: pending, pending, firing, and one more to see nothing else happens. */
const EVALUATIONS = 4;

let harness: AlertingHarness;
let receiver: WebhookReceiver;

beforeAll(async () => {
  harness = await openAlertingHarness({ postgresAdminUrl: inject('postgresAdminUrl'), postgresTemplateDatabase: inject('postgresTemplateDatabase'), redisUrl: inject('redisUrl'), name: 'two-evaluators' });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await harness?.close();
  await receiver?.close();
});

describe('two evaluator instances', () => {
  it('evaluate each rule once per interval and notify once', async () => {
    const { id: channelId } = await harness.channel(receiver.url);
    await harness.policy({ channelIds: [channelId] });
    const rules = [];
    for (let i = 0; i < K; i += 1) {
      rules.push(
        await harness.rule({
          name: `Rule ${i}`,
          kind: 'metric_threshold',
          intervalSeconds: 10,
          forSeconds: 20,
          spec: { query: { name: 'replica_depth', matchers: [{ label: 'rule', op: '=', value: String(i) }] }, windowSeconds: 600, comparator: '>', critical: 1 },
        }),
      );
    }
    await harness.writeSamples(rules.map((_, i) => ({ name: 'replica_depth', labels: { rule: String(i) }, value: 5, timestampMs: Date.now() - 1_000 })));
    const startedAt = Date.now();
    // The tick scheduler runs 25 ms before each grid boundary (the workers keep a scheduler that
    // exists), so BullMQ's pick-up latency of some tens of ms lands some ticks after it: a tick
    // must still evaluate the interval it was scheduled for, not skip one and repeat the next.
    const alerting = createQueue(alertingQueue, inject('redisUrl'), { prefix: harness.queuePrefix });
    await alerting.queue.upsertJobScheduler('tick-10', { every: INTERVAL_MS, offset: INTERVAL_MS - 25 }, { name: 'evaluate-tick', data: { intervalSeconds: 10 } });
    await Promise.all([harness.startWorker(), harness.startWorker()]);

    // Every evaluation of every rule, as its stored evaluation time moves (polled faster than the interval).
    const seen = new Map<string, Set<number>>(rules.map((rule) => [rule.id, new Set()]));
    await eventually(
      `${EVALUATIONS} evaluations of every rule`,
      async () => {
        for (const rule of await harness.store.alertRules.listForProject(harness.projectId)) {
          if (rule.lastEvaluatedAt) seen.get(rule.id)?.add(rule.lastEvaluatedAt.getTime());
        }
        return [...seen.values()].every((times) => times.size >= EVALUATIONS) ? true : undefined;
      },
      EVALUATIONS * INTERVAL_MS + 20_000,
    );

    for (const [ruleId, times] of seen) {
      const sorted = [...times].sort((a, b) => a - b);
      // On the grid, consecutive: no interval skipped, none evaluated at two times.
      expect(sorted.every((time) => time % INTERVAL_MS === 0), ruleId).toBe(true);
      expect(sorted.slice(1).map((time, i) => time - (sorted[i] ?? 0))).toEqual(sorted.slice(1).map(() => INTERVAL_MS));
    }
    // The tick jobs say the same: one job per grid time, each evaluating every rule once.
    try {
      // (The last evaluation seen may still be running: its rules are claimed when it starts.)
      const ticks = await eventually('the tick jobs seen done', async () => {
        const done = (await alerting.queue.getJobs(['completed'])).filter((job) => job.name === 'evaluate-tick' && (job.processedOn ?? 0) >= startedAt);
        return done.length >= EVALUATIONS ? done : undefined;
      });
      const evaluated = ticks.map((job) => (job.returnvalue as { evaluated: number }).evaluated);
      const gridTimes = ticks.map((job) => Math.floor((job.timestamp + (job.opts.delay ?? 0)) / INTERVAL_MS) * INTERVAL_MS);
      expect(new Set(gridTimes).size).toBe(ticks.length);
      expect(evaluated.filter((count) => count !== K)).toEqual([]);
      expect(evaluated.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(K * EVALUATIONS);
    } finally {
      await alerting.close();
    }

    // Each rule went pending, then firing, once; and its notification arrived once.
    const events = await new AlertEventRepository(harness.telemetry).list(harness.projectId, { from: startedAt - 60_000, to: Date.now() + 1_000, limit: 1_000 });
    for (const rule of rules) {
      expect(events.filter((event) => event.ruleId === rule.id).map((event) => `${event.from}>${event.to}`).reverse(), rule.name).toEqual(['inactive>pending', 'pending>firing']);
    }
    await receiver.waitFor('every notification', (received) => received.length >= K);
    const delivered = receiver.deliveredIds();
    expect(delivered.size).toBe(K);
    expect([...delivered.values()].every((times) => times === 1)).toBe(true);
    expect(receiver.received.map((request) => payloadOf(request).alerts.map((alert) => alert.labels['alertname']).join()).sort()).toEqual(rules.map((rule) => rule.name).sort());
  }, 120_000);
});
