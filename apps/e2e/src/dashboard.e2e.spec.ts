import { launchBrowser, startStack, type Stack } from '@vigil/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// One person's journey through the built dashboard (`next start`) in front of the real API, in
// real Chromium. The steps share one page and run in order, as the person would take them.

const METRIC = 'e2e_checkout_latency_ms';
const MINUTES_AGO = [4, 3, 2, 1];

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ dashboard: true }), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('dashboard', () => {
  it('accepts samples for the chart through the API', async () => {
    const now = Date.now();
    // A minute apart, so no step the metrics page picks puts two in one bucket.
    const samples = MINUTES_AGO.map((minutes, index) => ({
      name: METRIC,
      labels: { service: 'checkout' },
      value: 40 + index * 5,
      timestamp: now - minutes * 60_000,
    }));
    const response = await fetch(`${stack.apiUrl}/api/v1/ingest/metrics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.ingestKey ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify({ samples }),
    });
    expect(response.status).toBe(200);
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    await page.goto(`${stack.dashboardUrl}/metrics`);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/login');
    expect(url.searchParams.get('next')).toBe('/metrics');
  });

  it('shows the API’s reason for a wrong password', async () => {
    await page.fill('input[name=email]', stack.admin.email);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('password is wrong');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('signs in with the right password and lands on the metrics page', async () => {
    await page.fill('input[name=password]', stack.admin.password);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/metrics');
    await expect.poll(() => page.getByTestId('user-email').textContent()).toBe(stack.admin.email);
    // The API's session cookie came through the dashboard's origin and stays out of scripts' reach.
    const cookie = (await page.context().cookies()).find((one) => one.name === 'vigil_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', domain: new URL(stack.dashboardUrl).hostname });
  });

  it('charts the metric: a canvas, one series, every point that was sent', async () => {
    await page.getByTestId('metric-picker').selectOption(METRIC);
    await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
    const count = page.getByTestId('series-count');
    await expect.poll(() => count.getAttribute('data-points')).toBe(String(MINUTES_AGO.length));
    expect(await count.getAttribute('data-series')).toBe('1');
    expect(await count.textContent()).toBe(`1 series · ${MINUTES_AGO.length} points`);
    expect(await page.locator('[data-testid="metric-chart"] .u-legend').textContent()).toContain('service="checkout"');
    await page.screenshot({ path: '/tmp/dashboard.png', fullPage: true });
  });

  it('logs out back to the sign-in page, and the metrics page stays closed', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.goto(`${stack.dashboardUrl}/metrics`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
