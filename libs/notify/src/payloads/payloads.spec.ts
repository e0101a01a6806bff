import type { ChannelKind } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { createNotificationMessage } from '../message/create-notification-message';
import { firingGroup, makeAlert, resolvedGroup } from '../testing/fixtures';
import { buildAlertmanagerPayload, GO_ZERO_TIME, goTimeText, labelsFingerprint, quoteMeta } from './alertmanager.payload';
import { buildNotificationBody, buildNotificationPayload } from './build-payload';
import { buildSlackPayload, SLACK_COLORS, SLACK_LIMITS, type SlackBlock } from './slack.payload';
import { buildVigilWebhookPayload } from './vigil-webhook.payload';

function message(kind: ChannelKind, group: 'firing' | 'resolved') {
  const input = group === 'firing' ? firingGroup({ channelKind: kind }) : resolvedGroup({ channelKind: kind });
  return createNotificationMessage(input);
}

describe('payload snapshots', () => {
  for (const kind of ['webhook', 'alertmanager', 'slack'] as const) {
    for (const group of ['firing', 'resolved'] as const) {
      it(`${kind}, ${group} group`, () => {
        expect(buildNotificationPayload(message(kind, group))).toMatchSnapshot();
      });
    }
  }

  it('sends the payload as compact JSON, the bytes that are signed', () => {
    const text = buildNotificationBody(message('webhook', 'firing'));
    expect(JSON.parse(text)).toEqual(buildVigilWebhookPayload(message('webhook', 'firing')));
    expect(text).not.toContain('\n  ');
  });
});

describe('evidence and the dashboard link reach every kind', () => {
  for (const kind of ['webhook', 'alertmanager', 'slack'] as const) {
    it(kind, () => {
      const text = JSON.stringify(buildNotificationPayload(message(kind, 'firing')));
      expect(text).toContain('1.23457'); // the value that crossed
      expect(text).toContain('0.8'); // its threshold
      expect(text).toContain('https://vigil.example.com/alerts/a1');
      expect(text).toContain('https://vigil.example.com/alerts/a2');
      expect(text).toContain('payment provider timeout after 3000 ms'); // the first log line
      const resolved = JSON.stringify(buildNotificationPayload(message(kind, 'resolved')));
      expect(resolved).toContain('8 / 1000');
      expect(resolved).toContain('https://vigil.example.com/alerts/a3');
    });
  }
});

describe('Alertmanager webhook payload, version 4', () => {
  const firing = buildAlertmanagerPayload(message('alertmanager', 'firing'));
  const resolved = buildAlertmanagerPayload(message('alertmanager', 'resolved'));

  it('has exactly the fields of webhook.Message, in the order Go writes them', () => {
    expect(Object.keys(firing)).toEqual(['receiver', 'status', 'alerts', 'groupLabels', 'commonLabels', 'commonAnnotations', 'externalURL', 'version', 'groupKey', 'truncatedAlerts']);
    for (const alert of [...firing.alerts, ...resolved.alerts]) {
      expect(Object.keys(alert)).toEqual(['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint']);
    }
  });

  it('fills each field as Alertmanager does', () => {
    expect(firing.version).toBe('4');
    expect(firing.status).toBe('firing');
    expect(resolved.status).toBe('resolved');
    expect(firing.receiver).toBe('ops\\.webhook'); // regexp.QuoteMeta, as template.Data does
    expect(firing.groupKey).toBe('{}:{service="checkout"}');
    expect(firing.groupLabels).toEqual({ service: 'checkout' });
    expect(firing.externalURL).toBe('https://vigil.example.com');
    expect(firing.truncatedAlerts).toBe(0);
    expect(typeof firing.truncatedAlerts).toBe('number');

    const [latency, logs] = firing.alerts;
    expect(latency?.status).toBe('firing');
    expect(latency?.startsAt).toBe('2024-05-01T10:00:00Z');
    expect(latency?.endsAt).toBe(GO_ZERO_TIME);
    expect(latency?.endsAt).toBe('0001-01-01T00:00:00Z');
    expect(latency?.generatorURL).toBe('https://vigil.example.com/alerts/a1');
    expect(latency?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(latency?.fingerprint).toBe(labelsFingerprint(latency?.labels ?? {}));
    expect(latency?.fingerprint).not.toBe(logs?.fingerprint);

    const [ratio] = resolved.alerts;
    expect(ratio?.status).toBe('resolved');
    expect(ratio?.endsAt).toBe('2024-05-01T10:02:00.5Z');
  });

  it('keeps labels and annotations string to string, alertname always present', () => {
    for (const alert of firing.alerts) {
      expect(typeof alert.labels.alertname).toBe('string');
      for (const value of [...Object.values(alert.labels), ...Object.values(alert.annotations)]) expect(typeof value).toBe('string');
    }
    const [latency, logs] = firing.alerts;
    expect(latency?.labels).toMatchObject({ alertname: 'CheckoutLatencyHigh', severity: 'critical', service: 'checkout' });
    expect(latency?.annotations).toMatchObject({
      runbook: 'https://runbooks.example.com/checkout-latency',
      vigil_value: '1.23457',
      vigil_threshold: '> 0.8',
      vigil_window_from: '2024-05-01T09:55:00.000Z',
      vigil_window_to: '2024-05-01T10:00:00.000Z',
      vigil_dashboard_url: 'https://vigil.example.com/alerts/a1',
    });
    // The rule's own summary wins; where it has none, the channel's title fills it.
    expect(logs?.annotations.summary).toBe('Errors in checkout logs');
    expect(latency?.annotations.summary).toBe(message('alertmanager', 'firing').title);
    expect(logs?.annotations.vigil_log_lines?.split('\n')[0]).toBe('2024-05-01T09:59:00.000Z checkout ERROR: payment provider timeout after 3000 ms');
  });

  it('computes common labels and annotations over what it sends', () => {
    expect(firing.commonLabels).toEqual({ env: 'prod', service: 'checkout' });
    expect(Object.keys(firing.commonAnnotations)).toEqual(['description']);
    expect(resolved.commonLabels).toEqual(resolved.alerts[0]?.labels);
  });

  it('counts alerts left out by maxAlerts in truncatedAlerts', () => {
    const alerts = Array.from({ length: 5 }, (_, index) => makeAlert({ labels: { alertname: 'A', instance: `i${index}` } }));
    const payload = buildAlertmanagerPayload(createNotificationMessage(firingGroup({ channelKind: 'alertmanager', alerts, maxAlerts: 3 })));
    expect(payload.alerts).toHaveLength(3);
    expect(payload.truncatedAlerts).toBe(2);
  });

  it("computes Prometheus' fingerprints (prometheus/common model/signature_test.go)", () => {
    expect(labelsFingerprint({})).toBe((14695981039346656037n).toString(16).padStart(16, '0'));
    expect(labelsFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe((5799056148416392346n).toString(16).padStart(16, '0'));
    expect(labelsFingerprint({ 'first-label': 'first-label-value', 'second-label': 'second-label-value' })).toBe((3195800080984914717n).toString(16).padStart(16, '0'));
  });

  it("writes times and receiver names as Go's encoder and Alertmanager do", () => {
    expect(goTimeText('2022-07-29T11:13:27.300Z')).toBe('2022-07-29T11:13:27.3Z');
    expect(goTimeText('2022-07-29T11:13:27.000Z')).toBe('2022-07-29T11:13:27Z');
    expect(goTimeText('2022-07-29T11:13:27.123Z')).toBe('2022-07-29T11:13:27.123Z');
    expect(quoteMeta('team-a (prod) [x] {y} ^$ | a+b*c?')).toBe('team-a \\(prod\\) \\[x\\] \\{y\\} \\^\\$ \\| a\\+b\\*c\\?');
  });
});

describe('Slack payload', () => {
  it('colours by severity and state', () => {
    expect(buildSlackPayload(message('slack', 'firing')).attachments[0].color).toBe(SLACK_COLORS.critical);
    expect(buildSlackPayload(message('slack', 'resolved')).attachments[0].color).toBe(SLACK_COLORS.resolved);
    const warningOnly = createNotificationMessage(firingGroup({ channelKind: 'slack', alerts: [makeAlert({ severity: 'warning' })] }));
    expect(buildSlackPayload(warningOnly).attachments[0].color).toBe(SLACK_COLORS.warning);
  });

  it('escapes what Slack treats as markup in data, so a log line cannot ping a channel', () => {
    const text = JSON.stringify(buildSlackPayload(message('slack', 'firing')));
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('order &lt;42&gt; failed &amp; was rolled back');
  });

  it('stays within Slack limits with many alerts and long evidence, saying how many were left out', () => {
    const longLine = 'x'.repeat(5_000);
    const alerts = Array.from({ length: 40 }, (_, index) =>
      makeAlert({
        labels: { alertname: 'Big', instance: `host-${index}`, detail: 'y'.repeat(3_000) },
        evidence: { value: index, threshold: 1, comparator: '>', from: 0, to: 60_000, lines: Array.from({ length: 30 }, () => ({ timestamp: 0, service: 's', severity: 'ERROR', body: longLine })) },
      }),
    );
    const payload = buildSlackPayload(createNotificationMessage(firingGroup({ channelKind: 'slack', alerts, maxAlerts: 30 })));
    const blocks = payload.attachments[0].blocks;
    const texts = (block: SlackBlock): string[] => (block.type === 'context' ? block.elements.map((element) => element.text) : [block.text.text, ...(block.fields ?? []).map((f) => f.text)]);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blocks.flatMap(texts).reduce((sum, text) => sum + text.length, 0)).toBeLessThanOrEqual(SLACK_LIMITS.blocksTextBudget);
    for (const block of blocks) {
      if (block.type === 'section') {
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const fieldText of block.fields ?? []) expect(fieldText.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
    }
    expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    const last = blocks.at(-2);
    expect(last?.type === 'context' ? last.elements[0]?.text : '').toMatch(/^…and \d+ more alerts: <https:\/\/vigil\.example\.com\|open Vigil>$/);
  });
});
