import { type DashboardSession, openDashboard, type Stack, submitSignIn } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Settings → Project in real Chromium against the built dashboard and the real API: read the
// defaults, widen retention and the age limit, see them kept after a reload and stored in the
// API's units, reset the age limit, and read the API's own refusals next to the field.

const DAY = 86_400_000;

let dashboard: DashboardSession;
let stack: Stack;
let page: Page;

beforeAll(async () => {
  dashboard = await openDashboard();
  ({ stack, page } = dashboard);
});

afterAll(async () => {
  await dashboard?.close();
});

const row = (key: string) => page.locator(`[data-testid="limit-row"][data-limit="${key}"]`);
const inForce = (key: string) => row(key).getByTestId('limit-in-force').textContent();
const retention = () => page.getByTestId('retention-days');
const patchResponse = () => page.waitForResponse((response) => response.url().includes('/api/v1/project-settings') && response.request().method() === 'PATCH');

/** The settings as the API stores them, read with the page's own session cookie. */
async function storedSettings(): Promise<{ retentionDays: number; ingestLimits: Record<string, number>; overrides: Record<string, number> }> {
  const cookie = (await page.context().cookies()).map((one) => `${one.name}=${one.value}`).join('; ');
  const response = await fetch(`${stack.apiUrl}/api/v1/project-settings?project=${stack.projectId ?? ''}`, { headers: { cookie } });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Awaited<ReturnType<typeof storedSettings>>;
}

describe('project settings', () => {
  it('signs in and opens Settings › Project from the settings tabs', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('main-nav').getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL((url) => url.pathname === '/settings/api-keys');
    await page.getByTestId('settings-nav').getByRole('link', { name: 'Project', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/settings/project');
    expect(await page.getByTestId('settings-nav').locator('a[aria-current="page"]').textContent()).toBe('Project');
    expect(await page.getByTestId('main-nav').locator('a[aria-current="page"]').textContent()).toBe('Settings');
  });

  it('shows the retention and every limit in force, in days, minutes and KiB', async () => {
    await page.getByTestId('project-settings-form').waitFor();
    expect(await retention().inputValue()).toBe('30');
    expect(await inForce('maxAgeMs')).toBe('7 days');
    expect(await inForce('maxFutureMs')).toBe('10 minutes');
    expect(await inForce('logBodyBytes')).toBe('64 KiB');
    expect(await inForce('maxDecompressedBytes')).toBe('64 MiB');
    expect(await page.getByTestId('limit-row').count()).toBe(11);
    expect(await row('maxAgeMs').getAttribute('data-overridden')).toBe('false');
    expect(await row('maxAgeMs').getByTestId('limit-source').textContent()).toBe('Default');
    expect(await row('maxAgeMs').getByTestId('reset-limit').count()).toBe(0);
    expect(await page.getByTestId('retention-hint').textContent()).toMatch(/data written from now on.*capped at\s+the retention/s);
    expect(await page.getByTestId('save-project-settings').isDisabled()).toBe(true);
  });

  it('saves a longer retention and max age, and keeps them after a reload', async () => {
    await retention().fill('90');
    await row('maxAgeMs').getByTestId('limit-input').fill('20');
    const saved = patchResponse();
    await page.getByTestId('save-project-settings').click();
    const response = await saved;
    // Only what changed is sent, in the API's units.
    expect(response.request().postDataJSON()).toEqual({ retentionDays: 90, ingestLimits: { maxAgeMs: 20 * DAY } });
    await expect.poll(() => page.getByTestId('project-settings-status').textContent()).toContain('Saved');
    expect(await inForce('maxAgeMs')).toBe('20 days');
    expect(await row('maxAgeMs').getAttribute('data-overridden')).toBe('true');
    await page.screenshot({ path: '/tmp/dashboard-project-settings.png', fullPage: true });

    await page.reload();
    await page.getByTestId('project-settings-form').waitFor();
    expect(await retention().inputValue()).toBe('90');
    expect(await inForce('maxAgeMs')).toBe('20 days');
    expect(await row('maxAgeMs').getByTestId('limit-input').inputValue()).toBe('20');
    expect(await row('maxAgeMs').getByTestId('limit-source').textContent()).toBe('Overridden');
  });

  it('stored them in the API, the age limit in milliseconds', async () => {
    const stored = await storedSettings();
    expect(stored).toMatchObject({ retentionDays: 90, overrides: { maxAgeMs: 20 * DAY }, ingestLimits: { maxAgeMs: 20 * DAY } });
  });

  it('resets the max age to its default', async () => {
    const reset = patchResponse();
    await row('maxAgeMs').getByTestId('reset-limit').click();
    expect((await reset).request().postDataJSON()).toEqual({ ingestLimits: { maxAgeMs: null } });
    await expect.poll(() => inForce('maxAgeMs')).toBe('7 days');
    expect(await row('maxAgeMs').getAttribute('data-overridden')).toBe('false');
    expect(await row('maxAgeMs').getByTestId('limit-input').inputValue()).toBe('');
    expect(await retention().inputValue()).toBe('90');
    const stored = await storedSettings();
    expect(stored.overrides).toEqual({});
    expect(stored.ingestLimits.maxAgeMs).toBe(7 * DAY);
  });

  it('shows the API’s message next to a retention it refuses', async () => {
    await retention().fill('0');
    const refused = patchResponse();
    await page.getByTestId('save-project-settings').click();
    expect((await refused).status()).toBe(400);
    const error = page.getByTestId('retention-days-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('must be at least 1 day');
    expect(await retention().getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('project-settings-status').textContent()).toContain('Not saved');
    // Nothing changed in the API.
    expect((await storedSettings()).retentionDays).toBe(90);
    await page.getByTestId('discard-project-settings').click();
    expect(await retention().inputValue()).toBe('90');
  });

  it('shows the API’s reason when the role may read but not change the settings', async () => {
    // The stack has only its owner, so a viewer's answer is the API's own 403 problem, served
    // in its place for the PATCH alone (reading needs only the read scope).
    await page.route('**/api/v1/project-settings?*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 403,
            contentType: 'application/problem+json',
            body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Your role "viewer" does not allow "admin" in this project.' }),
          })
        : route.continue(),
    );
    await page.reload();
    await page.getByTestId('project-settings-form').waitFor();
    await row('logAttributes').getByTestId('limit-input').fill('64');
    await page.getByTestId('save-project-settings').click();
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Your role "viewer" does not allow "admin"');
    expect(await page.getByTestId('project-settings-forbidden').count()).toBe(1);
    expect(await inForce('logAttributes')).toBe('128 attributes');
    await page.unroute('**/api/v1/project-settings?*');
  });
});
