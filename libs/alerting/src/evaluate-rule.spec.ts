import { describe, expect, it } from 'vitest';
import { distributeResults, planBatch } from './batch';
import { compileRule, type RuleDefinition } from './compile-rule';
import { evaluateRule } from './evaluate-rule';
import type { InstanceState, NotificationIntent } from './instance-types';
import { createRuleKindRegistry } from './rule-kinds/registry';
import type { GroupSeries, RuleData } from './rule-kinds/rule-kind';

const registry = createRuleKindRegistry();
const NOW = 1_764_000_000_000;
const cpu = (overrides: Partial<RuleDefinition> = {}, spec: Record<string, unknown> = {}): RuleDefinition => ({
  id: 'cpu',
  name: 'HighCPU',
  kind: 'metric_threshold',
  spec: { query: { name: 'cpu', agg: 'max', by: ['host'] }, comparator: '>', critical: 90, ...spec },
  intervalSeconds: 60,
  forSeconds: 0,
  keepFiringForSeconds: 0,
  noData: 'ok',
  labels: {},
  annotations: {},
  ...overrides,
});
const metricData = (series: GroupSeries[]): RuleData => new Map([['query', { type: 'metric', series }]]);
const kinds = (events: ReturnType<typeof evaluateRule>['events']) => events.filter((e): e is NotificationIntent => e.type === 'notify').map((e) => `${e.kind} ${JSON.stringify(e.labels.host ?? e.labels.service ?? null)}`);

describe('evaluateRule', () => {
  it('creates one instance per label group and steps each', () => {
    const rule = compileRule(registry, cpu());
    const result = evaluateRule(rule, metricData([{ labels: { host: 'a' }, points: [[NOW - 60_000, 95]] }, { labels: { host: 'b' }, points: [[NOW - 60_000, 10]] }]), [], NOW);
    expect(result.instances.map((i) => [i.groupLabels, i.status])).toEqual([
      [{ host: 'a' }, 'firing'],
      [{ host: 'b' }, 'inactive'],
    ]);
    expect(kinds(result.events)).toEqual(['firing "a"']);
    // b never did anything: the caller need not keep it.
    expect(result.dormant).toEqual([result.instances[1]?.key]);
  });

  it('resolves an instance whose series went away while others remain (absent), whatever noData says', () => {
    const rule = compileRule(registry, cpu({ noData: 'alert' }));
    const first = evaluateRule(rule, metricData([{ labels: { host: 'a' }, points: [[0, 95]] }, { labels: { host: 'b' }, points: [[0, 95]] }]), [], NOW);
    const second = evaluateRule(rule, metricData([{ labels: { host: 'a' }, points: [[0, 95]] }]), first.instances, NOW + 60_000);
    expect(kinds(second.events)).toEqual(['resolved "b"']);
  });

  it('with no data at all, noData alert fires one rule-level no-data alert that resolves when data returns', () => {
    const rule = compileRule(registry, cpu({ noData: 'alert' }));
    const silent = evaluateRule(rule, metricData([]), [], NOW);
    expect(silent.instances.map((i) => [i.groupLabels, i.status, i.noData])).toEqual([[{}, 'firing', true]]);
    const intent = silent.events.find((e): e is NotificationIntent => e.type === 'notify');
    expect(intent?.labels).toEqual({ alertname: 'HighCPU', rule_id: 'cpu', severity: 'critical', alertstate: 'nodata' });
    expect(intent?.evidence).toEqual({ value: null, threshold: null, comparator: '>', from: NOW - 300_000, to: NOW });
    const back = evaluateRule(rule, metricData([{ labels: { host: 'a' }, points: [[0, 10]] }]), silent.instances, NOW + 60_000);
    expect(back.instances.map((i) => [i.groupLabels, i.status])).toEqual([
      [{ host: 'a' }, 'inactive'],
      [{}, 'inactive'],
    ]);
    expect(kinds(back.events)).toEqual(['resolved null']);
  });

  it('with no data at all, known instances get the rule’s no-data handling; ok resolves and leaves nothing behind', () => {
    const rule = compileRule(registry, cpu());
    const firing = evaluateRule(rule, metricData([{ labels: { host: 'a' }, points: [[0, 95]] }]), [], NOW);
    const silent = evaluateRule(rule, metricData([]), firing.instances, NOW + 60_000);
    expect(kinds(silent.events)).toEqual(['resolved "a"']);
    expect(silent.instances.map((i) => i.groupLabels)).toEqual([{ host: 'a' }]);
    const keep = compileRule(registry, cpu({ noData: 'keep' }));
    expect(evaluateRule(keep, metricData([]), firing.instances, NOW + 60_000).instances[0]?.status).toBe('firing');
    // noData ok without instances: one dormant {} instance the caller drops.
    expect(evaluateRule(rule, metricData([]), [], NOW).dormant).toHaveLength(1);
  });

  it('a log count observes its known groups as 0, so a heartbeat rule fires when a service goes quiet', () => {
    const heartbeat = compileRule(registry, { ...cpu(), id: 'hb', name: 'Heartbeat', kind: 'log_count', spec: { search: { q: 'heartbeat' }, comparator: '<', critical: 1 } });
    const logs = (groups: { value: string; count: number }[]): RuleData => new Map([['logs', { type: 'logs', groups: groups.map((g) => ({ ...g, lines: [] })) }]]);
    const first = evaluateRule(heartbeat, logs([{ value: 'api', count: 5 }, { value: 'web', count: 4 }]), [], NOW);
    const second = evaluateRule(heartbeat, logs([{ value: 'api', count: 6 }]), first.instances, NOW + 60_000);
    expect(kinds(second.events)).toEqual(['firing "web"']);
  });

  it('runs end to end from a batched tick: three rules, one query, each its own groups', () => {
    const rules = [
      compileRule(registry, cpu({ id: 'max' })),
      compileRule(registry, cpu({ id: 'avg' }, { query: { name: 'cpu', agg: 'avg', by: [] } })),
      compileRule(registry, cpu({ id: 'b-only' }, { query: { name: 'cpu', matchers: [{ label: 'host', op: '=', value: 'b' }] } })),
    ];
    const plan = planBatch(rules.map((rule) => ({ ruleId: rule.id, requests: rule.dataRequests(NOW) })));
    expect(plan.metricQueries).toHaveLength(1);
    const perSeries: GroupSeries[] = [
      { labels: { host: 'a', cpu: '0' }, points: [[NOW - 60_000, 99]] },
      { labels: { host: 'a', cpu: '1' }, points: [[NOW - 60_000, 50]] },
      { labels: { host: 'b', cpu: '0' }, points: [[NOW - 60_000, 70]] },
    ];
    const data = distributeResults(plan, { metric: new Map([[plan.metricQueries[0]?.key as string, perSeries]]), logs: new Map() });
    const states = (rule: (typeof rules)[number]): [Record<string, string>, InstanceState['status'], number | null][] =>
      evaluateRule(rule, data.get(rule.id) as RuleData, [], NOW).instances.map((i) => [i.groupLabels, i.status, i.lastValue]);
    expect(states(rules[0] as (typeof rules)[number])).toEqual([
      [{ host: 'a' }, 'firing', 99],
      [{ host: 'b' }, 'inactive', 70],
    ]);
    expect(states(rules[1] as (typeof rules)[number])).toEqual([[{}, 'inactive', 73]]);
    expect(states(rules[2] as (typeof rules)[number])).toEqual([[{ host: 'b', cpu: '0' }, 'inactive', 70]]);
  });
});
