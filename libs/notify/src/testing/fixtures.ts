import type { NotificationAlert } from '../message/notification-message';
import type { NotificationDraftInput } from '../message/notification-message';

/**
 * Test builders (not exported from the lib): alerts and groups with fixed times and ids, so
 * payload snapshots are stable. Times are 2024-05-01 UTC.
 */
export const T0 = Date.parse('2024-05-01T10:00:00.000Z');

export function makeAlert(overrides: Partial<NotificationAlert> = {}): NotificationAlert {
  return {
    status: 'firing',
    ruleId: '3f2b7c1e-0000-4000-8000-000000000001',
    ruleName: 'CheckoutLatencyHigh',
    severity: 'critical',
    labels: { alertname: 'CheckoutLatencyHigh', rule_id: '3f2b7c1e-0000-4000-8000-000000000001', severity: 'critical', service: 'checkout', env: 'prod' },
    annotations: { runbook: 'https://runbooks.example.com/checkout-latency' },
    startsAt: new Date(T0).toISOString(),
    endsAt: null,
    value: 1.2345678,
    evidence: { value: 1.2345678, threshold: 0.8, comparator: '>', from: T0 - 5 * 60_000, to: T0 },
    dashboardUrl: 'https://vigil.example.com/alerts/a1',
    ...overrides,
  };
}

const logAlert = makeAlert({
  ruleId: '3f2b7c1e-0000-4000-8000-000000000002',
  ruleName: 'CheckoutErrorLogs',
  severity: 'warning',
  labels: { alertname: 'CheckoutErrorLogs', rule_id: '3f2b7c1e-0000-4000-8000-000000000002', severity: 'warning', service: 'checkout', env: 'prod' },
  annotations: { summary: 'Errors in checkout logs' },
  startsAt: new Date(T0 + 30_000).toISOString(),
  value: 12,
  evidence: {
    value: 12,
    threshold: 10,
    comparator: '>=',
    from: T0 - 10 * 60_000,
    to: T0 + 30_000,
    lines: [
      { timestamp: T0 - 60_000, service: 'checkout', severity: 'ERROR', body: 'payment provider timeout after 3000 ms' },
      { timestamp: T0 - 30_000, service: 'checkout', severity: 'ERROR', body: 'order <42> failed & was rolled back; <!channel>' },
      { timestamp: T0 - 10_000, service: 'checkout', severity: 'ERROR', body: 'stack:\n  at pay()\n  at checkout()' },
    ],
  },
  dashboardUrl: 'https://vigil.example.com/alerts/a2',
});

export function firingGroup(overrides: Partial<NotificationDraftInput> = {}): NotificationDraftInput {
  return {
    id: 'msg_firingGroupFixture0001',
    groupKey: '{}:{service="checkout"}',
    groupLabels: { service: 'checkout' },
    externalUrl: 'https://vigil.example.com',
    receiver: 'ops.webhook',
    channelKind: 'webhook',
    alerts: [makeAlert(), logAlert],
    ...overrides,
  };
}

export function resolvedGroup(overrides: Partial<NotificationDraftInput> = {}): NotificationDraftInput {
  return {
    id: 'msg_resolvedGroupFixture01',
    groupKey: '{}:{alertname="CheckoutErrorRatio"}',
    groupLabels: { alertname: 'CheckoutErrorRatio' },
    externalUrl: 'https://vigil.example.com',
    receiver: 'ops.webhook',
    channelKind: 'webhook',
    alerts: [
      makeAlert({
        status: 'resolved',
        ruleId: '3f2b7c1e-0000-4000-8000-000000000003',
        ruleName: 'CheckoutErrorRatio',
        severity: 'warning',
        labels: { alertname: 'CheckoutErrorRatio', rule_id: '3f2b7c1e-0000-4000-8000-000000000003', severity: 'warning', service: 'checkout' },
        annotations: {},
        startsAt: new Date(T0 - 3_600_000).toISOString(),
        endsAt: new Date(T0 + 120_500).toISOString(),
        value: 0.8,
        evidence: { value: 0.8, numerator: 8, denominator: 1000, threshold: 2, comparator: '>', from: T0 - 60_000, to: T0 + 120_000 },
        dashboardUrl: 'https://vigil.example.com/alerts/a3',
      }),
    ],
    ...overrides,
  };
}

/** Deterministic "random" bytes for signing and encryption tests. */
export function countingBytes(start = 0): (size: number) => Uint8Array {
  let next = start;
  return (size) => Uint8Array.from({ length: size }, () => next++ & 0xff);
}
