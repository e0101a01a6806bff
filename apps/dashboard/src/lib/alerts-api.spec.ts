import { describe, expect, it } from 'vitest';
import { alertEventsPath, alertRulesPath, alertsHref, alertsPath, channelsPath, deliveriesPath, redeliverPath } from './alerts-api';

const P = 'p-1';

describe('alerting API paths', () => {
  it('name the project, the resource and its action', () => {
    expect(alertRulesPath(P)).toBe('/api/v1/alert-rules?project=p-1');
    expect(alertRulesPath(P, 'r/1')).toBe('/api/v1/alert-rules/r%2F1?project=p-1');
    expect(channelsPath(P, 'c1', 'rotate-secret')).toBe('/api/v1/notification-channels/c1/rotate-secret?project=p-1');
    expect(redeliverPath(P, 'd1')).toBe('/api/v1/deliveries/d1/redeliver?project=p-1');
  });

  it('leave out what is not set, so the API applies its defaults', () => {
    expect(alertsPath(P)).toBe('/api/v1/alerts?project=p-1');
    expect(alertsPath(P, { state: 'all', ruleId: 'r1' })).toBe('/api/v1/alerts?project=p-1&state=all&ruleId=r1');
    expect(deliveriesPath(P, { status: undefined, limit: 50 })).toBe('/api/v1/deliveries?project=p-1&limit=50');
    expect(alertEventsPath(P, { from: 1, to: 2, ruleId: '' })).toBe('/api/v1/alert-events?project=p-1&from=1&to=2');
  });

  it('keep the project in dashboard links only when the person has several', () => {
    expect(alertsHref('rules', P, false)).toBe('/alerts/rules');
    expect(alertsHref('rules/new', P, true)).toBe('/alerts/rules/new?project=p-1');
    expect(alertsHref('history', P, false, { ruleId: 'r1' })).toBe('/alerts/history?ruleId=r1');
  });
});
