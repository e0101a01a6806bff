import { type DashboardSession, openDashboard, type ProbeTarget, type Stack, startHttpTarget, submitSignIn, viewAsRole } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The Checks section in real Chromium against the built dashboard and standalone (API, worker,
// prober in region `local`): an HTTP check made in the form against a loopback server — the
// API's own 400 placed on its field, then "Create and run now" showing that run's result — is
// up in the list with its latency and today's bar; the server stopped, the check's page shows
// it down with an open incident, and "Run now" says down too; the month's uptime report counts
// it. A failover group made in the form with that check as primary switches to the standby and
// its page shows the switch; pinning moves it back. A viewer sees no write control; a check a
// group uses cannot be deleted until the group is. The steps share one page and run in order.

let dashboard: DashboardSession;
let stack: Stack;
let page: Page;
let primary: ProbeTarget;
let standby: ProbeTarget;
let checkId = '';
let groupId = '';

const checksApi = (path: string) => `${stack.dashboardUrl}/api/v1/checks${path}${path.includes('?') ? '&' : '?'}project=${stack.projectId ?? ''}`;

beforeAll(async () => {
  [dashboard, primary, standby] = await Promise.all([openDashboard(), startHttpTarget(), startHttpTarget()]);
  ({ stack, page } = dashboard);
});

afterAll(async () => {
  await Promise.all([primary?.stop().catch(() => undefined), standby?.stop().catch(() => undefined)]);
  await dashboard?.close();
});

/** The state the check's page shows (it re-reads every 5 s). */
const shownState = () => page.getByTestId('check-state').first().getAttribute('data-state');

describe('checks in the dashboard', () => {
  it('opens Checks from the header; an empty project says how to start', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('main-nav').getByRole('link', { name: 'Checks' }).click();
    await page.waitForURL((url) => url.pathname === '/checks');
    await page.getByTestId('checks-empty').waitFor();
    expect(await page.getByTestId('checks-read-only').count()).toBe(0);
  });

  it('creates an HTTP check, placing the API’s 400 on its field, and shows the run it asked for', async () => {
    await page.getByTestId('new-check').click();
    await page.waitForURL((url) => url.pathname === '/checks/new');
    // Checked before sending, beside the fields.
    await page.getByTestId('save-check').click();
    expect(await page.getByTestId('check-name-error').textContent()).toBe('must not be empty');

    await page.getByTestId('check-name').fill('Web primary');
    await page.getByTestId('check-url').fill(primary.url);
    await page.getByTestId('check-interval').fill('10s');
    await page.getByTestId('check-timeout').fill('2000');
    await page.getByTestId('check-retries').fill('0');
    // A range the schema accepts but the API refuses (it ends before it starts): its 400 lands on the field.
    await page.getByTestId('check-expected-status').fill('299-200');
    await page.getByTestId('save-check').click();
    await page.getByTestId('check-spec-expectedStatus-error').waitFor();
    expect(await page.getByTestId('check-spec-expectedStatus-error').textContent()).toMatch(/299-200/);
    expect(await page.url()).toContain('/checks/new');

    await page.getByTestId('check-expected-status').fill('200-299');
    await page.getByTestId('save-and-run-check').click();
    await page.waitForURL((url) => /^\/checks\/[0-9a-f-]{36}$/.test(url.pathname) && url.searchParams.has('run'));
    checkId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(await page.getByTestId('check-title').textContent()).toBe('Web primary');
    expect(await page.getByTestId('check-target').first().textContent()).toBe(`GET ${primary.url}`);
    const run = page.getByTestId('run-result-region');
    await expect.poll(() => run.getAttribute('data-state'), { timeout: 30_000 }).toBe('up');
    expect(await run.getAttribute('data-region')).toBe('local');
    await expect.poll(shownState, { timeout: 30_000 }).toBe('up');
    await page.getByTestId('latency-chart').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('region-row').getAttribute('data-state')).toBe('up');
    // The uptime summary: four windows, all up so far.
    const cards = page.getByTestId('uptime-card');
    await expect.poll(() => cards.evaluateAll((all) => all.map((card) => card.getAttribute('data-window')))).toEqual(['24h', '7d', '30d', '90d']);
    await expect.poll(() => cards.first().getByTestId('uptime-card-percent').textContent()).toBe('100.000 %');
  });

  it('lists the check with its state, latency and today’s bar from the rollup, searched and filtered by the API', async () => {
    await page.getByTestId('checks-nav').getByRole('link', { name: 'Uptime checks' }).click();
    const row = page.getByTestId('check-row');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('up');
    // The latency comes from the newest results (read beside the list: '…' until they arrive).
    await expect.poll(() => row.getByTestId('check-latency').textContent()).toMatch(/^\d+ ms$/);
    const bars = row.getByTestId('day-bars').locator('.day-bar');
    await expect.poll(() => bars.count()).toBe(90);
    await expect.poll(() => bars.last().getAttribute('data-tone'), { timeout: 30_000 }).toBe('up');
    expect(await bars.last().getAttribute('data-day')).toBe(new Date().toISOString().slice(0, 10));

    await page.getByTestId('check-search').fill('no such words');
    await page.getByTestId('checks-empty').waitFor();
    expect(await page.getByTestId('checks-empty').textContent()).toContain('No check matches');
    await page.getByTestId('check-search').fill('PRIMARY');
    await row.waitFor();
    await page.getByTestId('check-status-filter').selectOption('down');
    await page.getByTestId('checks-empty').waitFor();
    await page.getByTestId('check-status-filter').selectOption('');
    await page.getByTestId('check-kind-filter').selectOption('http');
    await row.waitFor();

    // The bars' API: one request for many checks, its refusals naming the parameter.
    const to = Date.now();
    const days = await page.request.get(checksApi(`/days?ids=${checkId}&from=${to - 86_400_000}&to=${to}`));
    expect(days.status()).toBe(200);
    const body = (await days.json()) as { days: { checkId: string; day: string; total: number; up: number }[] };
    expect(body.days.length).toBeGreaterThan(0);
    expect(body.days.every((day) => day.checkId === checkId && day.up === day.total && day.total > 0)).toBe(true);
    const latest = (await (await page.request.get(checksApi(`/latest?ids=${checkId}`))).json()) as { latest: { checkId: string; region: string; status: string; latencyMs: number }[] };
    expect(latest.latest).toEqual([expect.objectContaining({ checkId, region: 'local', status: 'up', latencyMs: expect.any(Number) })]);
    const refused = await page.request.get(checksApi(`/days?ids=not-an-id&from=0&to=1`));
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toContain('ids[0]');
  });

  it('shows the check down with an open incident when its server stops, and "Run now" says so', async () => {
    await primary.stop();
    await page.getByTestId('check-link').click();
    await page.waitForURL((url) => url.pathname === `/checks/${checkId}`);
    await expect.poll(shownState, { timeout: 60_000 }).toBe('down');
    expect(await page.getByTestId('check-cause').textContent()).toMatch(/refused|ECONNREFUSED/i);
    const incident = page.getByTestId('incident-row').first();
    await incident.waitFor({ timeout: 30_000 });
    expect(await incident.getAttribute('data-open')).toBe('true');
    expect(await incident.getByTestId('incident-severity').getAttribute('data-state')).toBe('down');
    expect(await incident.getByTestId('incident-cause').textContent()).toMatch(/refused/i);
    // The open incident counts as downtime in the 24 h uptime (the cards refresh every minute).
    await expect
      .poll(async () => Number.parseFloat((await page.getByTestId('uptime-card-percent').first().textContent()) ?? ''), { timeout: 90_000 })
      .toBeLessThan(100);

    await page.getByTestId('run-check').click();
    await expect.poll(() => page.getByTestId('run-result-region').getAttribute('data-state'), { timeout: 30_000 }).toBe('down');
  });

  it('reads the outage in this month’s uptime report', async () => {
    await page.getByTestId('main-nav').getByRole('link', { name: 'Reports' }).click();
    // The page opens on the last whole month; this one (in UTC) holds the outage.
    await page.getByTestId('report-timezone').selectOption('UTC');
    await page.getByTestId('report-month').fill(new Date().toISOString().slice(0, 7));
    const row = page.locator(`[data-testid="report-row"][data-check-id="${checkId}"]`);
    // The open incident counts until now: some downtime, one incident, under 100 %.
    await expect.poll(async () => ((await row.count()) > 0 ? Number(await row.getByTestId('row-downtime').getAttribute('data-seconds')) : 0), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await row.getByTestId('row-incidents').textContent()).toBe('1');
    expect(Number.parseFloat((await row.getByTestId('row-uptime').textContent()) ?? '')).toBeLessThan(100);
    await page.goto(`${stack.dashboardUrl}/checks/${checkId}`);
  });

  it('makes a failover group in the form whose page shows the switch to the standby, and pins it back', async () => {
    const created = await page.request.post(checksApi(''), { data: { kind: 'http', name: 'Web standby', intervalSeconds: 10, timeoutMs: 2000, retries: 0, spec: { url: standby.url } } });
    expect(created.status()).toBe(201);

    await page.getByTestId('failover-groups-tab').click();
    await page.getByTestId('failover-groups-empty').waitFor();
    await page.getByTestId('new-failover-group').click();
    await page.waitForURL((url) => url.pathname === '/checks/failover-groups/new');
    await page.getByTestId('save-failover-group').click();
    expect(await page.getByTestId('failover-name-error').textContent()).toBe('must not be empty');
    expect(await page.getByTestId('failover-target-error').first().textContent()).toContain('check');

    await page.getByTestId('failover-name').fill('web');
    await page.getByTestId('failover-fall').fill('1');
    await page.getByTestId('failover-rise').fill('1');
    const targets = page.getByTestId('failover-target-fields');
    for (const [index, name, check] of [
      [0, 'primary', 'Web primary (http)'],
      [1, 'standby', 'Web standby (http)'],
    ] as const) {
      const target = targets.nth(index);
      await target.getByTestId('failover-target-name').fill(name);
      await target.getByTestId('failover-target-address').fill(`127.0.0.1:${index === 0 ? primary.port : standby.port}`);
      const select = target.getByTestId('failover-target-check');
      await expect.poll(() => select.locator('option').allTextContents()).toContain(check);
      await select.selectOption({ label: check });
    }
    await page.getByTestId('save-failover-group').click();
    await page.waitForURL((url) => /^\/checks\/failover-groups\/[0-9a-f-]{36}$/.test(url.pathname));
    groupId = new URL(page.url()).pathname.split('/')[3] ?? '';

    // The primary is down: after one failed result (fall 1) the group moves to the standby.
    const active = page.getByTestId('failover-active-target');
    await expect.poll(() => active.getAttribute('data-target'), { timeout: 60_000 }).toBe('standby');
    expect(await page.getByTestId('failover-reason').textContent()).toBe('first healthy target in order');
    const switched = page.locator('[data-testid="failover-event"][data-to="standby"]');
    await switched.waitFor({ timeout: 30_000 });
    expect(await switched.getByTestId('failover-event-switch').textContent()).toBe('primary → standby');
    const primaryRow = page.locator('[data-testid="target-row"][data-target="primary"]');
    await expect.poll(() => primaryRow.getByTestId('target-health-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('unhealthy');

    await primaryRow.getByTestId('pin-target').click();
    await expect.poll(() => active.getAttribute('data-target'), { timeout: 30_000 }).toBe('primary');
    expect(await page.getByTestId('failover-reason').textContent()).toBe('pinned by hand');
    await primaryRow.getByTestId('target-pinned').waitFor();
    await page.getByTestId('unpin-target').click();
    await expect.poll(() => active.getAttribute('data-target'), { timeout: 30_000 }).toBe('standby');

    await page.getByTestId('failover-groups-tab').click();
    const group = page.getByTestId('failover-group-row');
    await expect.poll(() => group.getAttribute('data-active'), { timeout: 30_000 }).toBe('standby');
  });

  it('shows a viewer no write control, and says why', async () => {
    const undo = await viewAsRole(page, 'viewer');
    await page.goto(`${stack.dashboardUrl}/checks`);
    await page.getByTestId('check-row').first().waitFor();
    expect(await page.getByTestId('checks-read-only').textContent()).toContain('needs the editor role');
    expect(await page.getByTestId('new-check').count()).toBe(0);
    await page.goto(`${stack.dashboardUrl}/checks/${checkId}`);
    await page.getByTestId('check-title').waitFor();
    for (const control of ['run-check', 'edit-check', 'pause-check', 'delete-check']) expect(await page.getByTestId(control).count(), control).toBe(0);
    await page.goto(`${stack.dashboardUrl}/checks/new`);
    await page.getByTestId('check-editor-forbidden').waitFor();
    expect(await page.getByTestId('check-form').count()).toBe(0);
    await page.goto(`${stack.dashboardUrl}/checks/failover-groups/${groupId}`);
    await page.getByTestId('target-row').first().waitFor();
    expect(await page.getByTestId('pin-target').count()).toBe(0);
    expect(await page.getByTestId('edit-failover-group').count()).toBe(0);
    expect(await page.getByTestId('new-failover-group').count()).toBe(0);
    await undo();
  });

  it('refuses to delete a check a group uses, then deletes the group and the check', async () => {
    await page.goto(`${stack.dashboardUrl}/checks/${checkId}`);
    await page.getByTestId('delete-check').click();
    await page.getByTestId('delete-check-confirm').click();
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').textContent()).toContain('"web"');

    await page.goto(`${stack.dashboardUrl}/checks/failover-groups/${groupId}`);
    await page.getByTestId('delete-failover-group').click();
    await page.getByTestId('delete-failover-group-confirm').click();
    await page.waitForURL((url) => url.pathname === '/checks/failover-groups');
    await page.getByTestId('failover-groups-empty').waitFor();

    await page.goto(`${stack.dashboardUrl}/checks/${checkId}`);
    await page.getByTestId('delete-check').click();
    await page.getByTestId('delete-check-confirm').click();
    await page.waitForURL((url) => url.pathname === '/checks');
    await expect.poll(() => page.getByTestId('check-link').allTextContents()).toEqual(['Web standby']);
  });
});
