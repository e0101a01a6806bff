import type { FailoverWebhookPayload } from '@vigil/contracts';
import type { ChannelRecord } from '@vigil/config-store';
import { buildNotificationBody, createNotificationMessage, formatGroupKey } from '@vigil/notify';

export const FAILOVER_ALERT_NAME = 'FailoverSwitched';

/**
 * The bytes a channel receives for a switch: a webhook channel gets the failover payload itself
 * (what a load balancer's hook reads); Slack and Alertmanager channels get a notification in
 * their own shape, through the channel's templates, as one firing alert that says where traffic
 * went and why — people read these, machines read the webhook.
 */
export function failoverBody(channel: ChannelRecord, payload: FailoverWebhookPayload, webhookId: string, publicUrl: string): string {
  if (channel.kind === 'webhook') return JSON.stringify(payload);
  const { data } = payload;
  const why =
    data.reason === 'pinned' ? 'a person pinned it' : data.failOpen ? 'every target is unhealthy: traffic stays here (fail open)' : data.from === null ? 'the group was created' : 'it is the first healthy target in order';
  const labels = { alertname: FAILOVER_ALERT_NAME, failover_group: data.groupName, target: data.to.name, severity: data.failOpen ? 'critical' : 'warning' };
  const message = createNotificationMessage({
    id: webhookId,
    groupKey: formatGroupKey({ alertname: FAILOVER_ALERT_NAME, failover_group: data.groupName }),
    groupLabels: { alertname: FAILOVER_ALERT_NAME, failover_group: data.groupName },
    externalUrl: publicUrl,
    receiver: channel.name,
    channelKind: channel.kind,
    alerts: [
      {
        status: 'firing',
        ruleId: `failover:${data.groupId}`,
        ruleName: `Failover: ${data.groupName}`,
        severity: data.failOpen ? 'critical' : 'warning',
        labels,
        annotations: { summary: `${data.groupName}: traffic ${data.from === null ? 'goes' : `moved from ${data.from.name}`} to ${data.to.name} (${data.to.address}) because ${why}.` },
        startsAt: payload.timestamp,
        endsAt: null,
        value: null,
        evidence: null,
        dashboardUrl: publicUrl,
      },
    ],
    titleTemplate: channel.titleTemplate,
    bodyTemplate: channel.bodyTemplate,
  });
  return buildNotificationBody(message);
}
