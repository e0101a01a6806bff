import { type DashboardSession, openDashboard, type Stack, submitSignIn } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Settings → API keys in real Chromium against the built dashboard and the real API: create a
// read key, use its secret from outside the browser, revoke it, and see it refused.

let dashboard: DashboardSession;
let stack: Stack;
let page: Page;
let secret = '';
let keyId = '';

beforeAll(async () => {
  // The copy button writes to the clipboard; 127.0.0.1 is a secure context, so only the permission is needed.
  dashboard = await openDashboard({ permissions: ['clipboard-read', 'clipboard-write'] });
  ({ stack, page } = dashboard);
});

afterAll(async () => {
  await dashboard?.close();
});

const metricNames = (key: string) => fetch(`${stack.apiUrl}/api/v1/metrics/names`, { headers: { authorization: `Bearer ${key}` } });
const keyRow = (id: string) => page.locator(`[data-testid="api-key-row"][data-key-id="${id}"]`);

describe('API keys settings', () => {
  it('signs in and opens the page from the header', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('main-nav').getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL((url) => url.pathname === '/settings/api-keys');
    expect(await page.getByTestId('main-nav').locator('a[aria-current="page"]').textContent()).toBe('Settings');
    expect(await page.getByTestId('settings-nav').locator('a[aria-current="page"]').textContent()).toBe('API keys');
    // The ingest key made when Vigil first started is listed by its prefix, never its secret.
    const rows = page.getByTestId('api-key-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(stack.ingestKey?.startsWith((await rows.first().getByTestId('api-key-prefix').textContent())?.replace('…', '') ?? '-')).toBe(true);
    expect(await page.content()).not.toContain(stack.ingestKey);
    expect(await rows.first().getByTestId('api-key-status').textContent()).toBe('active');
  });

  it('names what is missing before sending the form', async () => {
    await page.getByTestId('create-api-key').click();
    expect(await page.getByTestId('api-key-name-error').textContent()).toBe('Name must not be empty.');
    expect(await page.getByTestId('api-key-scopes-error').textContent()).toContain('at least one scope');
    expect(await page.getByTestId('new-api-key').count()).toBe(0);
  });

  it('creates a read key and shows its secret once, with how to use it', async () => {
    await page.getByTestId('api-key-name').fill('grafana');
    await page.getByTestId('api-key-scope-read').check();
    await page.getByTestId('create-api-key').click();
    const box = page.getByTestId('new-api-key');
    await box.waitFor();
    secret = await page.getByTestId('new-api-key-secret').inputValue();
    keyId = (await box.getAttribute('data-key-id')) ?? '';
    expect(secret).toMatch(/^vgl_/);
    expect(await page.getByTestId('new-api-key-warning').textContent()).toContain('you will not see it again');
    const usage = await page.getByTestId('new-api-key-usage').textContent();
    expect(usage).toContain(`Authorization: Bearer ${secret}`);
    expect(usage).toContain(`${stack.dashboardUrl}/api/v1/metrics/names`);

    await page.getByTestId('copy-api-key').click();
    await expect.poll(() => page.getByTestId('copy-api-key').textContent()).toBe('Copied');
    // A string, since this suite is type-checked without the DOM's types.
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);

    // Listed, newest first, without the secret; the form is ready for another key.
    await keyRow(keyId).waitFor();
    expect(await page.getByTestId('api-key-row').first().getAttribute('data-key-id')).toBe(keyId);
    expect(await keyRow(keyId).getByTestId('api-key-name-cell').textContent()).toBe('grafana');
    expect(await keyRow(keyId).getByTestId('api-key-scopes').textContent()).toBe('read');
    expect(await keyRow(keyId).getByTestId('api-key-last-used').textContent()).toBe('Never');
    expect(secret.startsWith((await keyRow(keyId).getByTestId('api-key-prefix').textContent())?.replace('…', '') ?? '-')).toBe(true);
    expect(await page.locator('table').textContent()).not.toContain(secret);
    expect(await page.getByTestId('api-key-name').inputValue()).toBe('');
    await page.screenshot({ path: '/tmp/dashboard-api-keys.png', fullPage: true });
  });

  it('lets a script read with the key', async () => {
    const response = await metricNames(secret);
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it('revokes the key after a confirmation, and the API refuses it from then on', async () => {
    await keyRow(keyId).getByTestId('revoke-api-key').click();
    const confirmation = keyRow(keyId).getByTestId('revoke-confirmation');
    await confirmation.waitFor();
    // Cancelling leaves the key alone.
    await confirmation.getByTestId('cancel-revoke').click();
    await keyRow(keyId).getByTestId('revoke-api-key').waitFor();
    expect((await metricNames(secret)).status).toBe(200);

    await keyRow(keyId).getByTestId('revoke-api-key').click();
    await keyRow(keyId).getByTestId('confirm-revoke').click();
    await expect.poll(() => keyRow(keyId).getAttribute('data-status')).toBe('revoked');
    expect(await keyRow(keyId).getByTestId('api-key-status').textContent()).toBe('revoked');
    expect(await keyRow(keyId).getByTestId('revoke-api-key').count()).toBe(0);
    // The secret of a revoked key is worth nothing: its box is gone.
    expect(await page.getByTestId('new-api-key').count()).toBe(0);
    expect((await metricNames(secret)).status).toBe(401);

    // After a reload the secret is nowhere, and the key stays revoked.
    await page.reload();
    await keyRow(keyId).waitFor();
    expect(await keyRow(keyId).getAttribute('data-status')).toBe('revoked');
    expect(await page.content()).not.toContain(secret);
  });

  it('opens API keys for /settings', async () => {
    await page.goto(`${stack.dashboardUrl}/settings`);
    await page.waitForURL((url) => url.pathname === '/settings/api-keys');
    await keyRow(keyId).waitFor();
  });

  it('shows the API’s reason to someone whose role lacks the admin scope', async () => {
    // The stack has only its owner, so the viewer's answer is the API's own 403 problem, served
    // in its place for this one request.
    await page.route('**/api/v1/api-keys?*', (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Your role "viewer" does not allow "admin" in this project.' }),
      }),
    );
    await page.reload();
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Your role "viewer" does not allow "admin"');
    expect(await page.getByTestId('api-keys-forbidden').count()).toBe(1);
    expect(await page.getByTestId('create-api-key-form').count()).toBe(0);
    expect(await page.getByTestId('api-keys-table').count()).toBe(0);
    await page.unroute('**/api/v1/api-keys?*');
  });
});
