import { type DashboardSession, openDashboard, postIngestJson, type ReceivedWebhook, type Stack, startWebhookReceiver, submitSignIn, type WebhookReceiver } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The Alerts section in real Chromium against the built dashboard and the real API, as an
// on-call engineer sets alerting up: a channel (its secret shown once) pointing at a loopback
// receiver, a policy, a rule made in the form (its preview drawing the threshold); then a
// breaching sample fires it, the receiver gets the signed webhook, the dashboard shows it firing,
// it is silenced in one click, a recovering sample resolves it in the history, and the delivery
// log lists what was sent. The steps share one page and run in order.

const METRIC = 'e2e_queue_depth';
const RULE = 'Queue too deep';

let dashboard: DashboardSession;
let stack: Stack;
let page: Page;
let receiver: WebhookReceiver;
let secret = '';
let ruleId = '';

beforeAll(async () => {
  [dashboard, receiver] = await Promise.all([openDashboard({ permissions: ['clipboard-read', 'clipboard-write'] }), startWebhookReceiver()]);
  ({ stack, page } = dashboard);
});

afterAll(async () => {
  await receiver?.close();
  await dashboard?.close();
});

async function ingest(samples: { value: number; timestamp?: number }[]): Promise<void> {
  const response = await postIngestJson(stack, '/api/v1/ingest/metrics', { samples: samples.map((sample) => ({ name: METRIC, labels: { queue: 'emails' }, ...sample })) });
  expect(response.status, await response.clone().text()).toBe(200);
}

const tab = async (label: string, path: string) => {
  await page.getByTestId('alerts-nav').getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
};
const parsed = (one: ReceivedWebhook | undefined) => JSON.parse(one?.body ?? '{}') as { kind: string; status: string; alerts: { status: string; severity: string; dashboardUrl: string; evidence: { value: number } }[] };
const verified = (one: ReceivedWebhook | undefined) => new Webhook(secret).verify(one?.body ?? '', one?.headers as Record<string, string>);
const alertRow = () => page.locator(`[data-testid="alert-row"][data-rule-id="${ruleId}"]`);

describe('dashboard alerting', () => {
  it('opens Alerts from the header; a project without rules says to create a channel first', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('main-nav').getByRole('link', { name: 'Alerts' }).click();
    await page.waitForURL((url) => url.pathname === '/alerts/rules');
    expect(await page.getByTestId('main-nav').locator('a[aria-current="page"]').textContent()).toBe('Alerts');
    expect(await page.getByTestId('alerts-nav').locator('a').allTextContents()).toEqual(['Rules', 'Active alerts', 'History', 'Channels', 'Policies', 'Silences', 'Maintenance windows', 'Deliveries']);
    await page.getByTestId('rules-empty').waitFor();
    await expect.poll(() => page.getByTestId('step-channel').textContent()).toContain('Create a channel first');
    // The owner may change alerting: no read-only note.
    expect(await page.getByTestId('alerts-read-only').count()).toBe(0);
  });

  it('creates a channel pointing at the receiver and shows its secret once', async () => {
    await tab('Channels', '/alerts/channels');
    await page.getByTestId('channels-empty').waitFor();
    await page.getByTestId('new-channel').click();
    // Checked before sending, next to the fields.
    await page.getByTestId('channel-url').fill('ftp://hooks.example.com');
    await page.getByTestId('save-channel').click();
    expect(await page.getByTestId('channel-new-name-error').textContent()).toBe('must not be empty');
    expect(await page.getByTestId('channel-new-url-error').textContent()).toContain('http(s) URL');

    await page.getByTestId('channel-name').fill('on-call');
    await page.getByTestId('channel-url').fill(receiver.url);
    await page.getByTestId('save-channel').click();
    await page.getByTestId('channel-secret').waitFor();
    secret = await page.getByTestId('channel-secret-value').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await page.getByTestId('channel-secret-warning').textContent()).toContain('you will not see it again');
    await page.getByTestId('copy-channel-secret').click();
    await expect.poll(() => page.getByTestId('copy-channel-secret').textContent()).toBe('Copied');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);

    const row = page.getByTestId('channel-row');
    await row.waitFor();
    expect(await row.getByTestId('channel-url-cell').textContent()).toBe(receiver.url);
    expect(secret.startsWith((await row.getByTestId('channel-secret-prefix').textContent())?.replace('…', '') ?? '-')).toBe(true);
    await page.getByTestId('dismiss-channel-secret').click();
    // Once dismissed (or after a reload) the secret is nowhere on the page.
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('sends a test and shows what the receiver answered', async () => {
    await page.getByTestId('channel-row').getByTestId('test-channel').click();
    const result = page.getByTestId('channel-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-delivered')).toBe('true');
    expect(await result.textContent()).toMatch(/Delivered\. The receiver answered HTTP 200 in \d+ ms/);
    const test = receiver.received.find((one) => parsed(one).kind === 'test');
    expect(() => verified(test)).not.toThrow();
  });

  it('creates a policy that sends every alert to the channel at once', async () => {
    await tab('Policies', '/alerts/policies');
    await page.getByTestId('new-policy').click();
    await page.getByTestId('save-policy').click();
    expect(await page.getByTestId('policy-new-channelIds-error').textContent()).toBe('name at least one channel');
    await page.getByTestId('policy-name').fill('everything');
    await page.getByTestId('policy-channels').getByLabel(/on-call/).check();
    await page.getByTestId('policy-groupWait').fill('0s');
    await page.getByTestId('policy-groupInterval').fill('1s');
    await page.getByTestId('save-policy').click();
    const row = page.getByTestId('policy-row');
    await row.waitFor();
    expect(await row.getByTestId('policy-channels-cell').textContent()).toBe('on-call');
    expect(await row.textContent()).toContain('wait none');
  });

  it('creates a rule in the form, whose preview draws the threshold over the last day', async () => {
    // Quiet values every 10 s for the last 5 minutes, so the preview has a line below the threshold.
    const now = Date.now();
    await ingest(Array.from({ length: 30 }, (_, index) => ({ value: 10 + (index % 3), timestamp: now - (30 - index) * 10_000 })));
    await tab('Rules', '/alerts/rules');
    await page.getByTestId('new-rule').click();
    await page.waitForURL((url) => url.pathname === '/alerts/rules/new');
    await page.getByTestId('save-rule').click();
    expect(await page.getByTestId('rule-name-error').textContent()).toBe('must not be empty');
    expect(await page.getByTestId('rule-spec-query-name-error').textContent()).toContain('Pick a metric');
    expect(await page.getByTestId('rule-spec-critical-error').textContent()).toBe('give a warning or a critical threshold (or both)');

    await page.getByTestId('rule-name').fill(RULE);
    const selector = page.getByTestId('selector-query');
    await selector.getByTestId('metric-picker').fill(METRIC);
    await selector.getByTestId('metric-picker').press('Enter');
    await selector.getByTestId('add-matcher').click();
    await selector.getByTestId('matcher-label').fill('queue');
    await selector.getByTestId('matcher-value').fill('emails');
    await selector.getByTestId('matcher-value').press('Enter');
    await page.getByTestId('rule-window').fill('30s');
    await page.getByTestId('rule-critical').fill('100');
    await page.getByTestId('rule-interval').fill('10s');
    await page.getByTestId('rule-annotations-add').click();
    await page.getByTestId('rule-annotations-key').fill('summary');
    await page.getByTestId('rule-annotations-value').fill('The email queue is backing up');

    const chart = page.getByTestId('preview-chart');
    await expect.poll(() => chart.getAttribute('data-thresholds'), { timeout: 20_000 }).toBe('critical > 100');
    await expect.poll(() => chart.getAttribute('data-groups')).toBe('1');
    expect(await chart.getAttribute('data-firing')).toBe('0');
    await chart.locator('canvas').first().waitFor();
    expect(await page.getByTestId('preview-summary').textContent()).toContain('Would not have fired in the last 24 hours.');
    // The y axis reaches the threshold, drawn as a line across the range.
    expect(((await chart.locator('.uplot').getAttribute('data-y-ticks')) ?? '').split('|').map(Number).some((tick) => tick >= 100)).toBe(true);
    await page.screenshot({ path: '/tmp/dashboard-alerts-rule-form.png', fullPage: true });

    await page.getByTestId('save-rule').click();
    await page.waitForURL((url) => /^\/alerts\/rules\/[0-9a-f-]{36}$/.test(url.pathname));
    ruleId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(await page.getByTestId('rule-title').textContent()).toBe(RULE);
    expect(await page.getByTestId('rule-condition').textContent()).toBe(`last of ${METRIC}{queue="emails"} over 30 s: > 100 critical`);
  });

  it('fires on a breaching sample: the receiver gets the signed webhook and the dashboard shows the alert firing', async () => {
    await ingest([{ value: 150 }]);
    // (The test notification of a channel says "firing" too, with sample values: it is of kind "test".)
    const isFiring = (one: ReceivedWebhook) => parsed(one).kind === 'alert' && parsed(one).status === 'firing';
    await receiver.waitFor('the firing notification', (received) => received.some(isFiring), 30_000);
    const firing = receiver.received.find(isFiring);
    expect(() => verified(firing)).not.toThrow();
    const alert = parsed(firing).alerts[0];
    expect(alert).toMatchObject({ status: 'firing', severity: 'critical', evidence: { value: 150 } });
    // The notification's link opens the rule's page in this dashboard.
    expect(alert?.dashboardUrl).toBe(`${stack.dashboardUrl}/alerts/rules/${ruleId}`);
    await page.goto(alert?.dashboardUrl ?? '');
    await expect.poll(() => page.getByTestId('rule-state').textContent(), { timeout: 30_000 }).toContain('firing · critical');

    await tab('Active alerts', '/alerts/active');
    await expect.poll(() => alertRow().getAttribute('data-state'), { timeout: 30_000 }).toBe('firing');
    expect(await alertRow().getByTestId('alert-value').textContent()).toBe('150');
    expect(await alertRow().getByTestId('state-badge').textContent()).toBe('firing · critical');
  });

  it('silences the alert in one click from the active list', async () => {
    await alertRow().getByTestId('silence-alert').click();
    const form = page.getByTestId('silence-form');
    await form.waitFor();
    // Filled in already: the alert's labels as matchers, an hour, a comment.
    const labels = await form.getByTestId('matcher-label').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(labels).toEqual(['alertname', 'queue', 'rule_id', 'severity']);
    expect(await form.getByTestId('silence-duration').inputValue()).toBe('1h');
    expect(await form.getByTestId('silence-comment').inputValue()).toBe(`Investigating ${RULE}`);
    await page.screenshot({ path: '/tmp/dashboard-alerts-active.png', fullPage: true });
    await form.getByTestId('create-silence').click();
    await form.waitFor({ state: 'detached' });
    // The API marks the alert silenced at its next evaluation (every 10 s); the page refreshes itself.
    await expect.poll(() => alertRow().getAttribute('data-silenced'), { timeout: 45_000 }).toBe('true');

    await tab('Silences', '/alerts/silences');
    const silence = page.getByTestId('silence-row');
    await silence.waitFor();
    expect(await silence.getAttribute('data-state')).toBe('active');
    expect(await silence.getByTestId('silence-matchers-cell').textContent()).toBe(`alertname="${RULE}", queue="emails", rule_id="${ruleId}", severity="critical"`);
    expect(await silence.getByTestId('silence-author').textContent()).toBe(stack.admin.email);
  });

  it('resolves on a recovering sample, as the history shows', async () => {
    await ingest([{ value: 5 }]);
    await tab('History', '/alerts/history');
    const resolved = page.locator(`[data-testid="alert-event"][data-rule-id="${ruleId}"][data-to="resolved"]`);
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('alert-timeline').or(page.getByTestId('history-empty')).waitFor();
          return resolved.count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(1);
    const transitions = await page.getByTestId('alert-event-transition').allTextContents();
    expect(transitions).toEqual(['firing → resolved', 'inactive → firing (critical)']);
    // One lane for the alert, with the span it fired.
    expect(await page.getByTestId('timeline-lane').count()).toBe(1);
    expect(await page.locator('[data-testid="timeline-segment"][data-state="firing"]').count()).toBe(1);
    await page.screenshot({ path: '/tmp/dashboard-alerts-history.png', fullPage: true });
  });

  it('lists the deliveries with their attempts, and delivers a dead one again', async () => {
    await tab('Deliveries', '/alerts/deliveries');
    const rows = page.getByTestId('delivery-row');
    await rows.first().waitFor();
    // Newest first. The receiver was told the alert fired before it was silenced, so it is told
    // it resolved too (a silence holds back firing notifications only).
    await expect
      .poll(() => rows.evaluateAll((all) => all.map((row) => `${row.getAttribute('data-kind')}:${row.getAttribute('data-status')}`)), { timeout: 20_000 })
      .toEqual(['resolved:delivered', 'firing:delivered', 'test:delivered']);
    await rows.nth(1).getByTestId('toggle-attempts').click();
    expect(await page.getByTestId('delivery-attempt').first().textContent()).toMatch(/HTTP 200\d+ ms$/);

    // A receiver that fails: the test to it is dead at once, and re-delivered once it answers.
    receiver.setBehaviour(() => 'fail');
    await tab('Channels', '/alerts/channels');
    await page.getByTestId('test-channel').click();
    await expect.poll(() => page.getByTestId('channel-test-result').getAttribute('data-delivered')).toBe('false');
    expect(await page.getByTestId('channel-test-result').textContent()).toContain('HTTP 500');
    receiver.setBehaviour(() => 'ok');
    await tab('Deliveries', '/alerts/deliveries');
    await page.getByTestId('delivery-status-filter').getByRole('button', { name: 'dead' }).click();
    const dead = page.locator('[data-testid="delivery-row"][data-status="dead"]');
    await expect.poll(() => dead.count()).toBe(1);
    const deadId = await dead.getAttribute('data-delivery-id');
    await dead.getByTestId('redeliver').click();
    await page.getByTestId('delivery-status-filter').getByRole('button', { name: 'all' }).click();
    const again = page.locator(`[data-testid="delivery-row"][data-delivery-id="${deadId}"]`);
    await expect.poll(() => again.getAttribute('data-status'), { timeout: 30_000 }).toBe('delivered');
    expect(await again.getByTestId('delivery-last-attempt').textContent()).toMatch(/^2 attempts.*HTTP 200$/);
    await page.screenshot({ path: '/tmp/dashboard-alerts-deliveries.png', fullPage: true });
  });

  it('fits every Alerts page in 1920 and 1000 px windows', async () => {
    for (const width of [1920, 1000]) {
      await page.setViewportSize({ width, height: 900 });
      const pages = { rules: 'rules', rule: `rules/${ruleId}`, 'rule-edit': `rules/${ruleId}/edit`, active: 'active', history: 'history', channels: 'channels', policies: 'policies', silences: 'silences', maintenance: 'maintenance', deliveries: 'deliveries' };
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(`${stack.dashboardUrl}/alerts/${path}`);
        await page.getByTestId('alerts-nav').waitFor();
        await page.locator('[data-testid="loading"], [data-testid$="-loading"]').first().waitFor({ state: 'detached' });
        expect(await page.evaluate<number>('document.documentElement.scrollWidth'), `${path} at ${width} px`).toBeLessThanOrEqual(width);
        if (width === 1000) await page.screenshot({ path: `/tmp/dashboard-alerts-${name}-1000.png`, fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
