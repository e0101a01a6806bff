import { describe, expect, it } from 'vitest';
import { groupOf, matchesPolicy, routeAlert, routeIntent, type RoutingPolicy } from './routing';

const policy = (id: string, position: number, overrides: Partial<RoutingPolicy> = {}): RoutingPolicy => ({
  id,
  position,
  matchers: [],
  severities: [],
  groupBy: ['alertname'],
  continue: false,
  enabled: true,
  ...overrides,
});
const alert = (overrides: Record<string, string> = {}) => ({ alertname: 'HighCPU', rule_id: 'r1', severity: 'warning', team: 'infra', ...overrides });

describe('matchesPolicy', () => {
  it('needs every matcher and, when given, the severity', () => {
    expect(matchesPolicy(policy('p', 0), alert())).toBe(true);
    expect(matchesPolicy(policy('p', 0, { matchers: [{ label: 'team', op: '=', value: 'infra' }] }), alert())).toBe(true);
    expect(matchesPolicy(policy('p', 0, { matchers: [{ label: 'team', op: '=', value: 'infra' }, { label: 'env', op: '=', value: 'prod' }] }), alert())).toBe(false);
    expect(matchesPolicy(policy('p', 0, { severities: ['critical'] }), alert())).toBe(false);
    expect(matchesPolicy(policy('p', 0, { severities: ['critical', 'warning'] }), alert())).toBe(true);
  });
});

describe('routeAlert', () => {
  const policies = [
    policy('catch-all', 9),
    policy('critical-pager', 1, { severities: ['critical'], continue: true }),
    policy('infra-slack', 2, { matchers: [{ label: 'team', op: '=~', value: 'infra|platform' }] }),
    policy('disabled', 0, { enabled: false }),
  ];
  it('tries policies by position; the first match wins unless it says continue', () => {
    expect(routeAlert(alert(), policies).map((p) => p.id)).toEqual(['infra-slack']);
    expect(routeAlert(alert({ severity: 'critical' }), policies).map((p) => p.id)).toEqual(['critical-pager', 'infra-slack']);
    expect(routeAlert(alert({ team: 'web' }), policies).map((p) => p.id)).toEqual(['catch-all']);
  });

  it('sends nothing when nothing matches', () => {
    expect(routeAlert(alert(), [policy('web', 0, { matchers: [{ label: 'team', op: '=', value: 'web' }] })])).toEqual([]);
  });
});

describe('groupOf', () => {
  it('is one group per policy and values of its groupBy labels; a missing label is left out', () => {
    const byService = policy('p', 0, { groupBy: ['alertname', 'service'] });
    const a = groupOf(byService, alert({ service: 'api', host: 'a' }));
    expect(a.groupLabels).toEqual({ alertname: 'HighCPU', service: 'api' });
    expect(groupOf(byService, alert({ service: 'api', host: 'b' })).groupKey).toBe(a.groupKey);
    expect(groupOf(byService, alert({ service: 'web' })).groupKey).not.toBe(a.groupKey);
    expect(groupOf(policy('q', 0, { groupBy: ['alertname', 'service'] }), alert({ service: 'api' })).groupKey).not.toBe(a.groupKey);
    expect(groupOf(byService, alert()).groupLabels).toEqual({ alertname: 'HighCPU' });
    expect(groupOf(policy('p', 0, { groupBy: [] }), alert()).groupLabels).toEqual({});
  });
});

describe('routeIntent', () => {
  const policies = [policy('pager', 0, { severities: ['critical'] }), policy('slack', 1, { severities: ['warning'] })];
  it('applies the intent where the alert goes now, and leaves groups it no longer belongs to', () => {
    const routes = routeIntent({ labels: alert({ severity: 'critical' }), previousLabels: alert() }, policies);
    expect(routes.map((r) => [r.policyId, r.action])).toEqual([
      ['pager', 'apply'],
      ['slack', 'leave'],
    ]);
    expect(routeIntent({ labels: alert(), previousLabels: null }, policies).map((r) => [r.policyId, r.action])).toEqual([['slack', 'apply']]);
  });

  it('leaves nothing when the group stays the same', () => {
    const both = [policy('all', 0)];
    expect(routeIntent({ labels: alert({ severity: 'critical' }), previousLabels: alert() }, both).map((r) => r.action)).toEqual(['apply']);
  });
});
