import type { ChannelKind, FailoverWebhookPayload } from '@vigil/contracts';
import type { ChannelRecord } from '@vigil/config-store';
import { describe, expect, it } from 'vitest';
import { FAILOVER_ALERT_NAME, failoverBody } from './failover-notification';

const channel = (kind: ChannelKind, templates: { titleTemplate?: string; bodyTemplate?: string } = {}): ChannelRecord => ({
  id: 'c1',
  projectId: 'p1',
  name: 'ops',
  kind,
  url: 'https://hooks.example.com/x',
  headersCipher: null,
  headerNames: [],
  titleTemplate: templates.titleTemplate ?? null,
  bodyTemplate: templates.bodyTemplate ?? null,
  enabled: true,
  disabledReason: null,
  secretCipher: 'x',
  secretPrefix: 'whsec_x',
  previousSecretCipher: null,
  previousSecretValidUntil: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

const target = (name: string, address: string) => ({ id: `${name}-id`, name, address, checkId: `${name}-check` });
const payload = (data: Partial<FailoverWebhookPayload['data']> = {}): FailoverWebhookPayload => ({
  type: 'failover.switched',
  timestamp: '2026-12-04T21:50:12.000Z',
  data: { groupId: 'g1', groupName: 'web', from: target('primary', '10.0.0.1:8080'), to: target('standby', '10.0.0.2:8080'), reason: 'healthy', failOpen: false, version: 3, ...data },
});

describe('failoverBody', () => {
  it('a webhook channel gets the failover payload itself', () => {
    expect(JSON.parse(failoverBody(channel('webhook'), payload(), 'msg_1', 'https://vigil.example.com'))).toEqual(payload());
  });

  it("a Slack channel gets one firing alert in Slack's shape that says where traffic went and why", () => {
    const body = JSON.parse(failoverBody(channel('slack'), payload(), 'msg_1', 'https://vigil.example.com'));
    expect(body).toMatchObject({ text: '[FIRING:1] Failover: web (failover_group=web)', attachments: [{ blocks: expect.any(Array) }] });
    expect(JSON.stringify(body)).toContain('traffic moved from primary to standby (10.0.0.2:8080) because it is the first healthy target in order');
  });

  it('an Alertmanager channel gets the alert with the group and target as labels, critical when failing open', () => {
    const body = JSON.parse(failoverBody(channel('alertmanager'), payload({ reason: 'all-unhealthy', failOpen: true }), 'msg_1', 'https://vigil.example.com'));
    expect(body).toMatchObject({ version: '4', status: 'firing', alerts: [{ labels: { alertname: FAILOVER_ALERT_NAME, failover_group: 'web', target: 'standby', severity: 'critical' } }] });
    expect(body.alerts[0].annotations.summary).toContain('every target is unhealthy: traffic stays here (fail open)');
  });

  it('says why: a pin, and the first decision at creation', () => {
    expect(failoverBody(channel('slack'), payload({ reason: 'pinned' }), 'msg_1', '')).toContain('because a person pinned it');
    expect(failoverBody(channel('slack'), payload({ from: null }), 'msg_1', '')).toContain('traffic goes to standby (10.0.0.2:8080) because the group was created');
  });

  it("uses the channel's own templates", () => {
    const body = JSON.parse(failoverBody(channel('slack', { titleTemplate: 'Switch in {{groupLabels.failover_group}}' }), payload(), 'msg_1', ''));
    expect(body.text).toContain('Switch in web');
  });
});
