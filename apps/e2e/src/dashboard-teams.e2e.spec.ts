import { callApi, type Caller, openDashboard, type DashboardSession, signIn, type Stack, submitSignIn } from '@vigil/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Teams in real Chromium against the built dashboard and API: the owner invites someone as a
// viewer from Settings › Members; the invitee opens the link in another browser, chooses a
// password and is signed in, and can change nothing anywhere (no write control on any page, the
// settings read-only, the API's 403 if asked anyway); the owner creates a project, switches to it
// with the header's project switcher, and deletes it with its name typed.

let dashboard: DashboardSession;
let stack: Stack;
let browser: Browser;
let page: Page;
let viewerPage: Page;
let owner: Caller;
let inviteUrl = '';
let ruleId = '';
const VIEWER = { email: 'new.viewer@example.com', password: 'viewer-chose-this-password' };

beforeAll(async () => {
  dashboard = await openDashboard({ permissions: ['clipboard-read', 'clipboard-write'] });
  ({ stack, page, browser } = dashboard);
  owner = await signIn(stack.apiUrl, stack.admin.email, stack.admin.password);
  // Something to change on each Alerts page, so row controls would show if allowed.
  const inProject = (path: string) => `${path}?project=${stack.projectId}`;
  const channel = (await callApi(stack.apiUrl, 'POST', inProject('/api/v1/notification-channels'), owner, { name: 'ops', kind: 'webhook', url: 'http://127.0.0.1:9/ops' })).body.channel.id;
  await callApi(stack.apiUrl, 'POST', inProject('/api/v1/notification-policies'), owner, { name: 'all', channelIds: [channel] });
  ruleId = (await callApi(stack.apiUrl, 'POST', inProject('/api/v1/alert-rules'), owner, { name: 'Slow', kind: 'metric_threshold', spec: { query: { name: 'latency_ms' }, comparator: '>', critical: 500 } })).body.id;
  await callApi(stack.apiUrl, 'POST', inProject('/api/v1/silences'), owner, { matchers: [{ label: 'a', op: '=', value: 'b' }], endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'deploy' });
});

afterAll(async () => {
  await dashboard?.close();
});

/** Pages of the dashboard with the controls that change something, by test id. */
const WRITE_CONTROLS: [string, string, string[]][] = [
  ['/alerts/rules', 'rule-row', ['new-rule']],
  ['/alerts/rules/RULE', 'rule-summary', ['edit-rule', 'toggle-rule', 'delete-rule']],
  ['/alerts/channels', 'channel-row', ['new-channel', 'test-channel', 'edit-channel', 'rotate-channel', 'toggle-channel', 'delete-channel']],
  ['/alerts/policies', 'policy-row', ['new-policy', 'policy-up', 'edit-policy', 'delete-policy']],
  ['/alerts/silences', 'silence-row', ['new-silence', 'end-silence', 'delete-silence']],
  ['/alerts/maintenance', 'maintenance-empty', ['new-maintenance']],
  ['/settings/api-keys', 'api-keys-forbidden', ['create-api-key', 'revoke-api-key']],
  ['/settings/projects', 'project-row', ['create-project', 'rename-project', 'delete-project']],
  ['/settings/members', 'member-row', ['send-invite', 'member-role-select', 'edit-project-roles', 'remove-member', 'withdraw-invite']],
];

describe('inviting a member in the dashboard', () => {
  it('signs the owner in and creates an invitation link on Settings › Members, shown once', async () => {
    await page.goto(`${stack.dashboardUrl}/settings/members`);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/settings/members');
    await page.getByTestId('member-row').first().waitFor();
    expect(await page.getByTestId('member-email').allTextContents()).toEqual([stack.admin.email]);
    // The contract's check, before anything is sent.
    await page.getByTestId('invite-email').fill('not an address');
    await page.getByTestId('send-invite').click();
    expect(await page.getByTestId('invite-email-error').textContent()).toBe('Enter an e-mail address.');

    await page.getByTestId('invite-email').fill(VIEWER.email);
    await page.getByTestId('invite-role').selectOption('viewer');
    await page.getByTestId('send-invite').click();
    await page.getByTestId('new-invite').waitFor();
    inviteUrl = await page.getByTestId('new-invite-url').inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/invite#vgi_[A-Za-z0-9_-]{43}$`));
    expect(await page.getByTestId('new-invite-warning').textContent()).toContain('you will not see it again');
    await page.getByTestId('copy-invite').click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(inviteUrl);
    await page.getByTestId('invite-row').first().waitFor();
    expect(await page.getByTestId('invite-row').first().textContent()).toContain(VIEWER.email);
    await page.screenshot({ path: '/tmp/dashboard-members.png', fullPage: true });
  });

  it('lets the invitee choose a password in another browser and be signed in as a viewer', async () => {
    // The link is for the dashboard's public address; the test's dashboard listens elsewhere.
    const link = `${stack.dashboardUrl}/invite#${inviteUrl.split('#')[1]}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    viewerPage = await context.newPage();
    await viewerPage.goto(link);
    await viewerPage.getByTestId('invite-summary').waitFor();
    expect(await viewerPage.getByTestId('invite-summary').textContent()).toBe('Join Default organization as viewer.');
    await viewerPage.getByTestId('invite-password').fill('short');
    await viewerPage.getByTestId('accept-invite').click();
    expect(await viewerPage.getByTestId('invite-password-error').textContent()).toBe('Password must be at least 12 characters.');
    await viewerPage.getByTestId('invite-name').fill('Vera Viewer');
    await viewerPage.getByTestId('invite-password').fill(VIEWER.password);
    await viewerPage.getByTestId('invite-confirm').fill(VIEWER.password);
    await viewerPage.getByTestId('accept-invite').click();
    await viewerPage.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => viewerPage.getByTestId('user-email').textContent()).toBe(VIEWER.email);
    // The link is spent.
    const reused = await viewerPage.context().browser()?.newContext();
    const again = await reused?.newPage();
    await again?.goto(link);
    await again?.getByTestId('invite-error').waitFor();
    expect(await again?.getByTestId('invite-error').textContent()).toContain('used already');
    await reused?.close();
  });

  it('shows the viewer no control that changes anything, and says why', async () => {
    const present: string[] = [];
    for (const [path, ready, controls] of WRITE_CONTROLS) {
      await viewerPage.goto(`${stack.dashboardUrl}${path.replace('RULE', ruleId)}`);
      await viewerPage.getByTestId(ready).first().waitFor();
      for (const control of controls) if ((await viewerPage.getByTestId(control).count()) > 0) present.push(`${path}: ${control}`);
    }
    expect(present).toEqual([]);
    await viewerPage.goto(`${stack.dashboardUrl}/settings/project`);
    await viewerPage.getByTestId('project-settings-forbidden').waitFor();
    // A disabled fieldset disables its controls (Playwright's isDisabled() speaks of controls, not of the fieldset).
    expect(await viewerPage.getByTestId('project-settings-fields').getAttribute('disabled')).not.toBeNull();
    expect(await viewerPage.getByTestId('retention-days').isDisabled()).toBe(true);
    await viewerPage.goto(`${stack.dashboardUrl}/settings/members`);
    expect(await viewerPage.getByTestId('members-read-only').textContent()).toContain('You are viewer here');
    await expect.poll(() => viewerPage.getByTestId('member-role').allTextContents()).toEqual(['owner', 'viewer']);
    await viewerPage.goto(`${stack.dashboardUrl}/settings/audit`);
    await viewerPage.getByTestId('audit-forbidden').waitFor();
    await viewerPage.getByTestId('project-switcher-button').click();
    expect(await viewerPage.getByTestId('switcher-new-project').count()).toBe(0);
    await viewerPage.screenshot({ path: '/tmp/dashboard-viewer.png', fullPage: true });

    // Asked anyway, the API refuses: the dashboard is not what protects the data.
    const status = await viewerPage.evaluate<number>(
      `fetch('/api/v1/silences?project=${stack.projectId}', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ matchers: [{ label: 'a', op: '=', value: 'b' }], endsAt: '${new Date(Date.now() + 3_600_000).toISOString()}', comment: 'x' }) }).then((response) => response.status)`,
    );
    expect(status).toBe(403);
  });

  it('lists the new member to the owner with the role, and records who did what in the audit log', async () => {
    await page.goto(`${stack.dashboardUrl}/settings/members`);
    await page.locator(`[data-testid="member-row"][data-email="${VIEWER.email}"]`).waitFor();
    expect(await page.locator(`[data-testid="member-row"][data-email="${VIEWER.email}"]`).getByTestId('member-role-select').inputValue()).toBe('viewer');
    await page.goto(`${stack.dashboardUrl}/settings/audit`);
    await page.getByTestId('audit-row').first().waitFor();
    const accepted = page.locator('[data-testid="audit-row"][data-action="invites.accept"]');
    expect(await accepted.getByTestId('audit-actor').textContent()).toContain(VIEWER.email);
    const created = page.locator('[data-testid="audit-row"][data-action="invites.create"]');
    await created.getByTestId('audit-toggle').click();
    const after = await page.getByTestId('audit-after').textContent();
    expect(after).toContain(VIEWER.email);
    expect(after).toContain('vgi_…[masked]');
    expect(after).not.toContain(inviteUrl.split('#')[1]);
  });
});

describe('projects and the switcher', () => {
  let created = '';

  it('creates a project from the switcher and switches to it', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    await page.getByTestId('project-switcher-button').click();
    await page.getByTestId('switcher-new-project').click();
    await page.waitForURL((url) => url.pathname === '/settings/projects');
    await page.getByTestId('new-project-name').fill('Payments');
    await page.getByTestId('create-project').click();
    await expect.poll(() => page.getByTestId('projects-notice').textContent()).toContain('Created Payments.');
    const row = page.locator('[data-testid="project-row"]', { hasText: 'Payments' });
    created = (await row.getAttribute('data-project-id')) ?? '';
    expect(created).toMatch(/^[0-9a-f-]{36}$/);

    await page.getByTestId('project-switcher-button').click();
    await page.locator(`[data-testid="switch-project"][data-project-id="${created}"]`).click();
    await page.waitForURL((url) => url.searchParams.get('project') === created);
    await expect.poll(() => page.getByTestId('current-project').textContent()).toBe('Payments');
    // Pages read the chosen project: it has no API keys yet.
    await page.goto(`${stack.dashboardUrl}/settings/api-keys?project=${created}`);
    await page.getByTestId('api-keys-empty').waitFor();
    await page.screenshot({ path: '/tmp/dashboard-projects.png', fullPage: true });
  });

  it('deletes it only once its name is typed, and it leaves the switcher', async () => {
    await page.goto(`${stack.dashboardUrl}/settings/projects?project=${created}`);
    const row = page.locator(`[data-testid="project-row"][data-project-id="${created}"]`);
    await row.getByTestId('delete-project').click();
    const confirm = row.getByTestId('delete-project-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await row.getByTestId('delete-project-typed').fill('payments');
    expect(await confirm.isDisabled()).toBe(true);
    await row.getByTestId('delete-project-typed').fill('Payments');
    await confirm.click();
    // It was the page's own project: the page starts again in the one left.
    await page.waitForURL((url) => url.pathname === '/settings/projects' && !url.searchParams.has('project'));
    await expect.poll(() => page.getByTestId('current-project').textContent()).toBe('Default project');
    // Gone from the projects at once; listed as being deleted until the worker has removed its data.
    await page.getByTestId('projects-table').waitFor();
    expect(await page.locator(`[data-testid="project-row"][data-project-id="${created}"]`).count()).toBe(0);
    await expect.poll(async () => page.locator(`[data-project-id="${created}"]`).count(), { timeout: 60_000, interval: 500 }).toBe(0);
    await page.getByTestId('project-switcher-button').click();
    const left = await page.getByTestId('switch-project').allTextContents();
    expect(left).toContainEqual(expect.stringContaining('Default project'));
    expect(left.filter((name) => name.includes('Payments'))).toEqual([]);
    expect((await callApi(stack.apiUrl, 'GET', `/api/v1/projects/${created}`, owner)).status).toBe(403);
  });
});
