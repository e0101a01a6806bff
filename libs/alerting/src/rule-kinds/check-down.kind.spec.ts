import type { CheckSnapshot } from '@vigil/probing';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../compile-rule';
import { evaluateRule } from '../evaluate-rule';
import { checkDownKind } from './check-down.kind';
import { createRuleKindRegistry } from './registry';
import type { RuleData } from './rule-kind';

const NOW = 1_000_000;
const snapshot = (fields: Partial<CheckSnapshot> & { id: string }): CheckSnapshot => ({
  name: fields.id,
  kind: 'http',
  labels: {},
  parentId: null,
  status: 'up',
  since: 0,
  cause: null,
  troubleSince: null,
  detectionWindowMs: 70_000,
  regions: ['local'],
  ...fields,
});
const data = (checks: CheckSnapshot[]): RuleData => new Map([['checks', { type: 'extension', value: checks }]]);
const observe = (spec: unknown, checks: CheckSnapshot[]) => checkDownKind.observe(checkDownKind.parseSpec(spec), data(checks), { now: NOW, intervalSeconds: 60, knownGroups: [] });

describe('check_down rule kind', () => {
  it('reads every check of the project and observes each selected one: down 2, degraded 1, others 0', () => {
    const observed = observe({}, [snapshot({ id: 'a', status: 'down', since: 900_000, cause: 'refused' }), snapshot({ id: 'b', status: 'degraded' }), snapshot({ id: 'c' }), snapshot({ id: 'd', status: 'paused' })]);
    expect(observed.map((one) => [one.labels['check_id'], one.value])).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', 0],
      ['d', 0],
    ]);
    expect(observed[0]).toMatchObject({
      labels: { check_id: 'a', check_name: 'a', check_kind: 'http' },
      evidence: { value: 2, comparator: '>=', from: 900_000, to: NOW, lines: [{ timestamp: 900_000, service: 'a', severity: 'down', body: 'refused' }] },
    });
  });

  it('selects checks by id, or by labels, and carries their labels', () => {
    const checks = [snapshot({ id: 'a', labels: { team: 'web' } }), snapshot({ id: 'b', labels: { team: 'db' } })];
    expect(observe({ checkIds: ['00000000-0000-4000-8000-000000000001'] }, checks)).toEqual([]);
    expect(observe({ labels: { team: 'db' } }, checks).map((one) => one.labels)).toEqual([{ team: 'db', check_id: 'b', check_name: 'b', check_kind: 'http' }]);
  });

  it('critical when down; warning when degraded only when asked for', () => {
    expect(checkDownKind.thresholds(checkDownKind.parseSpec({}))).toEqual({ comparator: '>=', critical: 2 });
    expect(checkDownKind.thresholds(checkDownKind.parseSpec({ degraded: true }))).toEqual({ comparator: '>=', critical: 2, warning: 1 });
  });

  it('a child down with its parent opens no alert; the parent’s evidence lists it', () => {
    const checks = [
      snapshot({ id: 'gateway', status: 'down', since: 900_000, troubleSince: 880_000, cause: 'connection refused' }),
      snapshot({ id: 'api', parentId: 'gateway', status: 'down', since: 905_000, troubleSince: 885_000, cause: 'timeout' }),
      snapshot({ id: 'web', parentId: 'gateway', status: 'up' }),
    ];
    const observed = observe({}, checks);
    expect(observed.map((one) => [one.labels['check_id'], one.value])).toEqual([
      ['gateway', 2],
      ['api', 0],
      ['web', 0],
    ]);
    expect(observed[0]?.evidence.lines?.map((one) => one.body)).toEqual(['connection refused', 'affected: api is down too (depends on gateway): timeout']);
  });

  it('through the engine: one firing alert for the parent, none for the child, with the rule’s labels', () => {
    const rule = compileRule(createRuleKindRegistry(), { id: 'r1', name: 'Checks down', kind: 'check_down', spec: {}, intervalSeconds: 60, forSeconds: 0, keepFiringForSeconds: 0, noData: 'ok', labels: { team: 'ops' }, annotations: {} });
    const checks = [snapshot({ id: 'gateway', status: 'down', since: 900_000, cause: 'refused' }), snapshot({ id: 'api', parentId: 'gateway', status: 'down', since: 905_000 })];
    const evaluation = evaluateRule(rule, data(checks), [], NOW);
    const notifications = evaluation.events.filter((event) => event.type === 'notify');
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ kind: 'firing', severity: 'critical', labels: { alertname: 'Checks down', check_id: 'gateway', team: 'ops', severity: 'critical' } });
  });

  it('a child down long before its parent is its own outage', () => {
    const checks = [snapshot({ id: 'gateway', status: 'down', since: 900_000 }), snapshot({ id: 'api', parentId: 'gateway', status: 'down', since: 100_000 })];
    expect(observe({}, checks).map((one) => one.value)).toEqual([2, 2]);
  });

  it('observes nothing in a preview (no check states)', () => {
    expect(checkDownKind.observe(checkDownKind.parseSpec({}), new Map([['checks', { type: 'extension', value: undefined }]]), { now: NOW, intervalSeconds: 60, knownGroups: [] })).toEqual([]);
  });

  it('refuses an invalid spec naming the field', () => {
    expect(() => checkDownKind.parseSpec({ checkIds: ['nope'] })).toThrow(/checkIds\.0: must be a check id/);
  });
});
