import type { ChannelKind } from '@vigil/contracts';
import { createNotificationMessage, type ChannelTemplates } from './create-notification-message';
import { formatGroupKey, type NotificationMessage } from './notification-message';

export interface TestMessageInput extends ChannelTemplates {
  readonly id: string;
  readonly receiver: string;
  readonly channelKind: ChannelKind;
  readonly externalUrl: string;
  readonly now: Date;
}

export const TEST_ALERT_NAME = 'VigilTestNotification';

/**
 * What "send test" sends: one firing alert with sample evidence (a value, a threshold, a window
 * and a log line), through the channel's own templates, so the receiver sees every field it
 * will get from a real alert. `kind: 'test'` tells receivers to ignore it.
 */
export function createTestMessage(input: TestMessageInput): NotificationMessage {
  const now = input.now.getTime();
  const labels = { alertname: TEST_ALERT_NAME, rule_id: 'test', severity: 'warning' };
  return createNotificationMessage({
    id: input.id,
    kind: 'test',
    groupKey: formatGroupKey({ alertname: TEST_ALERT_NAME }),
    groupLabels: { alertname: TEST_ALERT_NAME },
    externalUrl: input.externalUrl,
    receiver: input.receiver,
    channelKind: input.channelKind,
    alerts: [
      {
        status: 'firing',
        ruleId: 'test',
        ruleName: 'Vigil test notification',
        severity: 'warning',
        labels,
        annotations: { summary: 'A test sent from Vigil to check this channel; no action is needed.' },
        startsAt: input.now.toISOString(),
        endsAt: null,
        value: 1,
        evidence: {
          value: 1,
          threshold: 0,
          comparator: '>',
          from: now - 5 * 60_000,
          to: now,
          lines: [{ timestamp: now, service: 'vigil', severity: 'INFO', body: 'a sample log line, as log rules send their first matching lines' }],
        },
        dashboardUrl: input.externalUrl,
      },
    ],
    ...(input.titleTemplate === undefined ? {} : { titleTemplate: input.titleTemplate }),
    ...(input.bodyTemplate === undefined ? {} : { bodyTemplate: input.bodyTemplate }),
  });
}
