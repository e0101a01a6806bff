import { alertRuleRequestSchema } from '@vigil/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConfigStore } from '../../config-store';
import { openSpecConfigStore, type SpecConfigStore } from '../../testing/spec-config-store';

let spec: SpecConfigStore;
let store: ConfigStore;

beforeAll(async () => {
  spec = await openSpecConfigStore(inject('postgresAdminUrl'), inject('postgresTemplateDatabase'));
  store = spec.store;
});
afterAll(() => spec?.close());

const rule = alertRuleRequestSchema.parse({
  name: 'High error rate',
  kind: 'metric_threshold',
  intervalSeconds: 10,
  spec: { query: { name: 'errors_total', fn: 'rate' }, comparator: '>', critical: 5 },
});

describe('alerting repositories', () => {
  it('keep rules to their project, and record a tick of evaluations in one statement', async () => {
    const project = await spec.newProject();
    const other = await spec.newProject();
    const created = await store.alertRules.create(project, rule);
    expect(created).toMatchObject({ projectId: project, kind: 'metric_threshold', intervalSeconds: 10, noData: 'ok', labels: {}, lastEvaluatedAt: null });
    expect(await store.alertRules.find(other, created.id)).toBeNull();
    expect(await store.alertRules.replace(other, created.id, { ...rule, name: 'stolen' })).toBeNull();
    expect(await store.alertRules.delete(other, created.id)).toBe(false);
    const second = await store.alertRules.create(project, { ...rule, name: 'Slow', intervalSeconds: 60 });
    expect(await store.alertRules.enabledIntervals()).toEqual(expect.arrayContaining([10, 60]));
    const at = new Date('2026-12-04T10:00:00.123Z');
    await store.alertRules.recordEvaluations(at, [
      { id: created.id, error: null },
      { id: second.id, error: 'metric query: too many series' },
    ]);
    expect(await store.alertRules.find(project, created.id)).toMatchObject({ lastEvaluatedAt: at, lastError: null });
    expect(await store.alertRules.find(project, second.id)).toMatchObject({ lastEvaluatedAt: at, lastError: 'metric query: too many series' });
    // Claims: only rules not yet evaluated at or after the time, once, even when two ask at once.
    const later = new Date(at.getTime() + 10_000);
    const [a, b] = await Promise.all([store.alertRules.claimForEvaluation([created.id, second.id], later), store.alertRules.claimForEvaluation([created.id, second.id], later)]);
    expect([...a, ...b].sort()).toEqual([created.id, second.id].sort());
    expect(await store.alertRules.claimForEvaluation([created.id], at)).toEqual([]);
  });

  it('upsert a tick of instances by rule and key, times kept in UTC', async () => {
    const project = await spec.newProject();
    const { id: ruleId } = await store.alertRules.create(project, rule);
    const since = new Date('2026-12-04T10:00:00.500Z');
    const base = { projectId: project, ruleId, severity: null, firedAt: null, resolvedAt: null, lastValue: 1, lastEvaluatedAt: since, evidence: null, flapping: false } as const;
    await store.alertInstances.upsertMany([
      { ...base, key: 'a', labels: { service: 'api' }, state: 'inactive', since, engineState: { n: 1 } },
      { ...base, key: 'b', labels: { service: 'web' }, state: 'pending', since, engineState: { n: 2 } },
    ]);
    const firedAt = new Date('2026-12-04T10:00:10.000Z');
    await store.alertInstances.upsertMany([{ ...base, key: 'b', labels: { service: 'web' }, state: 'firing', severity: 'critical', since: firedAt, firedAt, lastValue: 9.5, engineState: { n: 3 } }]);
    const listed = await store.alertInstances.listForRules([ruleId]);
    expect(listed.map((i) => [i.key, i.state, i.severity, i.lastValue, i.engineState])).toEqual(
      expect.arrayContaining([
        ['a', 'inactive', null, 1, { n: 1 }],
        ['b', 'firing', 'critical', 9.5, { n: 3 }],
      ]),
    );
    expect(listed.find((i) => i.key === 'b')).toMatchObject({ firedAt, since: firedAt });
    expect((await store.alertInstances.listForProject(project, { states: ['firing'] })).map((i) => i.key)).toEqual(['b']);
    expect(await store.alertInstances.listForProject(await spec.newProject())).toEqual([]);
  });

  it('record delivery attempts once an outcome is final, and redeliver with the same webhook id', async () => {
    const project = await spec.newProject();
    const channelId = randomUUID();
    const input = { projectId: project, channelId, webhookId: 'msg_one', kind: 'firing', title: 't', body: '{}', nextAttemptAt: new Date() };
    const first = await store.deliveries.createIfAbsent(input);
    expect((await store.deliveries.createIfAbsent({ ...input, title: 'again' })).id).toBe(first.id);
    const next = new Date(Date.now() + 5_000);
    expect(await store.deliveries.recordAttempt(first.id, { at: new Date().toISOString(), status: 503, error: 'busy', durationMs: 12 }, { status: 'failed', nextAttemptAt: next })).toBe(true);
    // A try put off (the endpoint's circuit is open) moves the run counter and the time only.
    const later = new Date(Date.now() + 30_000);
    expect(await store.deliveries.defer(first.id, later)).toBe(true);
    expect(await store.deliveries.find(project, first.id)).toMatchObject({ status: 'failed', attemptCount: 2, nextAttemptAt: later, attempts: [expect.objectContaining({ status: 503 })] });
    expect(await store.deliveries.recordAttempt(first.id, { at: new Date().toISOString(), status: 200, error: null, durationMs: 8 }, { status: 'delivered', nextAttemptAt: null })).toBe(true);
    expect(await store.deliveries.defer(first.id, later)).toBe(false);
    // A job that runs again after the outcome cannot undo it.
    expect(await store.deliveries.recordAttempt(first.id, { at: new Date().toISOString(), status: 500, error: 'x', durationMs: 1 }, { status: 'dead', nextAttemptAt: null })).toBe(false);
    const stored = await store.deliveries.find(project, first.id);
    expect(stored).toMatchObject({ status: 'delivered', attemptCount: 3, nextAttemptAt: null });
    expect(stored?.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(await store.deliveries.redeliver(await spec.newProject(), first.id, new Date())).toBeNull();
    expect(await store.deliveries.redeliver(project, first.id, new Date())).toMatchObject({ status: 'pending', webhookId: 'msg_one', attemptCount: 3 });
  });

  it('lock a notification group for the length of a transaction, creating it once', async () => {
    const project = await spec.newProject();
    const policyId = randomUUID();
    const order: string[] = [];
    const change = (name: string) =>
      store.runInTransaction(async (repos) => {
        const group = await repos.notificationGroups.lock(project, policyId, 'alertname=X', { alerts: [] });
        order.push(`${name} locked`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const state = group.engineState as { alerts: string[] };
        await repos.notificationGroups.save(group.id, { engineState: { alerts: [...state.alerts, name] }, nextFlushAt: new Date() });
        order.push(`${name} saved`);
      });
    await Promise.all([change('a'), change('b')]);
    // The second waited for the first: no lost update.
    expect(order[1]).toMatch(/saved$/);
    const [group] = await store.notificationGroups.listForPolicy(policyId);
    expect((group?.engineState as { alerts: string[] }).alerts.sort()).toEqual(['a', 'b']);
  });
});
