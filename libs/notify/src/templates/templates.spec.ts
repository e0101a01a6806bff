import { describe, expect, it } from 'vitest';
import { createNotificationMessage } from '../message/create-notification-message';
import { createNotificationDraft } from '../message/notification-message';
import { createTestMessage } from '../message/test-message';
import { firingGroup, makeAlert, resolvedGroup } from '../testing/fixtures';
import { buildTemplateView } from './template-view';
import { BODY_MAX_CHARS, DEFAULT_BODY_TEMPLATE, renderBody, renderTitle, TITLE_MAX_CHARS, validateTemplate } from './templates';

describe('default templates', () => {
  it('title: status, count, rules and group labels', () => {
    expect(createNotificationMessage(firingGroup()).title).toBe('[FIRING:2] CheckoutLatencyHigh, CheckoutErrorLogs (service=checkout)');
    expect(createNotificationMessage(resolvedGroup()).title).toBe('[RESOLVED] CheckoutErrorRatio');
  });

  it('body: each alert with its evidence, first log lines and link', () => {
    expect(createNotificationMessage(firingGroup()).body).toBe(
      [
        'FIRING CheckoutLatencyHigh (critical) env=prod, service=checkout',
        'value 1.23457 (threshold > 0.8) over 5m ending 2024-05-01 10:00:00 UTC',
        'https://vigil.example.com/alerts/a1',
        '',
        'FIRING CheckoutErrorLogs (warning) env=prod, service=checkout',
        'Errors in checkout logs',
        'value 12 (threshold >= 10) over 10m30s ending 2024-05-01 10:00:30 UTC',
        '  2024-05-01T09:59:00.000Z checkout ERROR: payment provider timeout after 3000 ms',
        '  2024-05-01T09:59:30.000Z checkout ERROR: order <42> failed & was rolled back; <!channel>',
        '  2024-05-01T09:59:50.000Z checkout ERROR: stack: ⏎   at pay() ⏎   at checkout()',
        'https://vigil.example.com/alerts/a2',
      ].join('\n'),
    );
  });

  it('a test notification says it is a test', () => {
    const message = createTestMessage({ id: 'msg_t', receiver: 'ops', channelKind: 'webhook', externalUrl: 'https://vigil.example.com', now: new Date('2024-05-01T10:00:00Z') });
    expect(message.kind).toBe('test');
    expect(message.title).toBe('[TEST] Vigil test notification');
    expect(message.body).toContain('value 1 (threshold > 0) over 5m ending 2024-05-01 10:00:00 UTC');
    const slack = createTestMessage({ id: 'msg_t', receiver: 'ops', channelKind: 'slack', externalUrl: 'https://vigil.example.com', now: new Date('2024-05-01T10:00:00Z') });
    expect(slack.body).toBe('A test from Vigil to check this channel; no action is needed.');
  });
});

describe('rendering', () => {
  const view = buildTemplateView(createNotificationDraft(firingGroup()));

  it('does no HTML escaping for webhook and Alertmanager channels', () => {
    expect(renderBody('{{#alerts}}{{#evidence}}{{#lines}}{{body}}|{{/lines}}{{/evidence}}{{/alerts}}', view, 'none')).toBe(
      'payment provider timeout after 3000 ms|order <42> failed & was rolled back; <!channel>|stack: ⏎   at pay() ⏎   at checkout()|',
    );
  });

  it("escapes Slack's markup characters in values for Slack, leaving the template's own text and {{{raw}}} alone", () => {
    const slackView = buildTemplateView(createNotificationDraft(firingGroup({ channelKind: 'slack' })));
    expect(renderBody('*<{{externalUrl}}|x>* {{#alerts}}{{#evidence}}{{#lines}}{{body}}{{/lines}}{{/evidence}}{{/alerts}}', slackView, 'slack')).toContain(
      '*<https://vigil.example.com|x>* payment provider',
    );
    expect(renderBody('{{#alerts}}{{#evidence}}{{#lines}}{{body}}{{/lines}}{{/evidence}}{{/alerts}}', slackView, 'slack')).toContain('&lt;!channel&gt;');
    expect(renderBody('{{#alerts}}{{#evidence}}{{#lines}}{{{body}}}{{/lines}}{{/evidence}}{{/alerts}}', slackView, 'slack')).toContain('<!channel>');
  });

  it('keeps the title on one line and bounds both outputs', () => {
    expect(renderTitle('a\n  b\t{{receiver}}\n', view, 'none')).toBe('a b ops.webhook');
    const long = renderTitle('{{#alerts}}{{ruleName}} {{labelsText}} {{/alerts}}'.repeat(20), view, 'none');
    expect(long.length).toBe(TITLE_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
    const many = buildTemplateView(createNotificationDraft(firingGroup({ alerts: Array.from({ length: 50 }, () => makeAlert()) })));
    const body = renderBody(DEFAULT_BODY_TEMPLATE.repeat(3), many, 'none');
    expect(body.length).toBe(BODY_MAX_CHARS);
  });

  it('gives templates counts, lists by state and map fields', () => {
    const text = renderBody(
      '{{alertCount}}/{{firingCount}}/{{resolvedCount}} {{#firing}}{{labels.env}}{{/firing}} {{commonLabels.service}} {{alerts.length}} {{#alerts}}{{#evidence}}{{window}};{{/evidence}}{{/alerts}}',
      view,
      'none',
    );
    expect(text).toBe('2/2/0 prodprod checkout 2 5m ending 2024-05-01 10:00:00 UTC;10m30s ending 2024-05-01 10:00:30 UTC;');
  });

  it('falls back to the default when a saved template is broken, and says so in the body', () => {
    const message = createNotificationMessage({ ...firingGroup(), titleTemplate: '{{#alerts}}unclosed', bodyTemplate: 'Hello {{reciever}}' });
    expect(message.title).toBe('[FIRING:2] CheckoutLatencyHigh, CheckoutErrorLogs (service=checkout)');
    expect(message.body).toContain('FIRING CheckoutLatencyHigh');
    expect(message.body).toContain('The channel\'s title template was not used (Unclosed section "alerts" at line 1, column 20).');
    expect(message.body).toContain('The channel\'s body template was not used (unknown field "reciever" at line 1, column 7;');
  });
});

describe('validateTemplate', () => {
  it('accepts the defaults and field paths in their scopes', () => {
    expect(validateTemplate(DEFAULT_BODY_TEMPLATE)).toBeNull();
    expect(validateTemplate('{{#alerts}}{{labels.service}} {{annotations.runbook}} {{evidence.text}} {{#evidence}}{{#lines}}{{time}} {{body}}{{/lines}}{{/evidence}} {{receiver}}{{/alerts}}')).toBeNull();
    expect(validateTemplate('{{#labels}}{{anything}}{{/labels}}')).toMatch(/^unknown field "labels" at line 1, column 1; /);
  });

  it('names unknown fields with where they are', () => {
    expect(validateTemplate('Alert\n  {{aler.labels.x}}')).toMatch(/^unknown field "aler\.labels\.x" at line 2, column 3; fields are kind, status, /);
    expect(validateTemplate('{{#alerts}}{{evidence.valeu}}{{/alerts}}')).toMatch(/^unknown field "evidence\.valeu" at line 1, column 12/);
    // Outside {{#alerts}}, alert fields do not exist.
    expect(validateTemplate('{{ruleName}}')).toMatch(/^unknown field "ruleName"/);
    expect(validateTemplate('{{#alerts}}{{#labels}}{{service}}{{/labels}}{{/alerts}}')).toBeNull();
    expect(validateTemplate('{{^alerts}}none{{/alerts}}{{#commonLabels}}{{env}}{{/commonLabels}}')).toBeNull();
  });

  it('reports syntax errors with a position, and refuses partials', () => {
    expect(validateTemplate('{{#alerts}}x')).toBe('Unclosed section "alerts" at line 1, column 13');
    expect(validateTemplate('x{{/alerts}}')).toBe('Unopened section "alerts" at line 1, column 2');
    expect(validateTemplate('{{title')).toMatch(/^Unclosed tag at line 1, column 8/);
    expect(validateTemplate('{{> header}}')).toBe('partials ({{> header}}) are not supported, at line 1, column 1');
  });

  it('allows comments and delimiter changes', () => {
    expect(validateTemplate('{{! a note }}{{=<% %>=}}<% receiver %>')).toBeNull();
  });
});
