import { callApi, type DashboardSession, openDashboard, type Stack, submitSignIn, viewAsRole } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Settings › Status page and the public page in real Chromium against the built dashboard and
// the real API: a push check that ran and then failed (a down result today and an open
// incident), a page configured in Settings with that check under a public name and a note, then
// /status/<slug> opened by a browser that never signed in: the outage in today's bar, the open
// incident, the note, and nothing of the check's own name.

let dashboard: DashboardSession;
let stack: Stack;
let page: Page;
let cookie: string;

beforeAll(async () => {
  dashboard = await openDashboard();
  ({ stack, page } = dashboard);
});

afterAll(async () => {
  await dashboard?.close();
});

const api = (method: string, path: string, body?: unknown) => callApi(stack.apiUrl, method, `${path}${path.includes('?') ? '&' : '?'}project=${stack.projectId ?? ''}`, { cookie }, body);

describe('status page', () => {
  it('signs in and seeds a check that failed today', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/');
    cookie = (await page.context().cookies()).map((one) => `${one.name}=${one.value}`).join('; ');
    const created = await api('POST', '/api/v1/checks', { name: 'payments-worker-internal', kind: 'push', spec: { periodSeconds: 3_600, graceSeconds: 600 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ping = (suffix: string, init?: RequestInit) => fetch(`${stack.apiUrl}${new URL(created.body.pushUrl as string).pathname}${suffix}`, init);
    expect((await ping('')).status).toBe(200);
    expect((await ping('/fail', { method: 'POST', body: 'timeout talking to 10.9.8.7' })).status).toBe(200);
    expect((await api('GET', `/api/v1/checks/${created.body.check.id}`)).body.state.status).toBe('down');
  });

  it('configures the page in Settings › Status page: title, address, the check under a public name', async () => {
    await page.getByTestId('main-nav').getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('settings-nav').getByRole('link', { name: 'Status page', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/settings/status-page');
    const form = page.getByTestId('status-page-form');
    await form.waitFor();
    await page.getByTestId('status-page-title').fill('Acme Cloud');
    expect(await page.getByTestId('status-page-slug').inputValue()).toBe('acme-cloud');
    await page.locator('[data-testid="status-page-unchosen-check"][data-check-name="payments-worker-internal"]').getByRole('checkbox').click();
    // The check moves up into the chosen rows, under its own name until renamed.
    expect(await page.getByTestId('status-page-component-name').inputValue()).toBe('payments-worker-internal');
    await page.getByTestId('status-page-component-name').fill('Payments');
    const saved = page.waitForResponse((response) => response.url().includes('/api/v1/status-pages') && response.request().method() === 'POST');
    await page.getByTestId('save-status-page').click();
    expect((await saved).status()).toBe(201);
    await page.getByTestId('status-page-link').waitFor();
    expect(await page.getByTestId('status-page-link').getAttribute('href')).toBe('/status/acme-cloud');
    expect(await page.getByTestId('status-page-component-name').inputValue()).toBe('Payments');
  });

  it('refuses a taken address next to the field', async () => {
    const other = await api('POST', '/api/v1/status-pages', { slug: 'taken-address', title: 'Other page' });
    expect(other.status).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: 'Acme Cloud' }).click();
    await page.getByTestId('status-page-slug').fill('taken-address');
    await page.getByTestId('save-status-page').click();
    expect(await page.getByTestId('status-page-slug-error').textContent()).toBe('is taken');
    await page.getByTestId('status-page-slug').fill('acme-cloud');
    const saved = page.waitForResponse((response) => response.url().includes('/api/v1/status-pages/') && response.request().method() === 'PUT');
    await page.getByTestId('save-status-page').click();
    expect((await saved).status()).toBe(200);
    await api('DELETE', `/api/v1/status-pages/${other.body.id as string}`);
  });

  it('posts a note', async () => {
    await page.getByTestId('note-title').fill('Scheduled maintenance');
    await page.getByTestId('note-body').fill('The payment API restarts at 22:00 UTC.');
    await page.getByTestId('note-severity').selectOption('maintenance');
    const posted = page.waitForResponse((response) => response.url().includes('/notes') && response.request().method() === 'POST');
    await page.getByTestId('post-note').click();
    expect((await posted).status()).toBe(201);
    await page.getByTestId('status-page-note').filter({ hasText: 'Scheduled maintenance' }).waitFor();
  });

  it('shows the outage, the open incident and the note to a browser that never signed in', async () => {
    const context = await dashboard.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const visitor = await context.newPage();
      const response = await visitor.goto(`${stack.dashboardUrl}/status/acme-cloud`);
      expect(response?.status()).toBe(200);
      await visitor.getByTestId('status-headline').waitFor();
      expect(new URL(visitor.url()).pathname).toBe('/status/acme-cloud');
      expect(await visitor.getByTestId('main-nav').count()).toBe(0);
      expect(await visitor.locator('h1').textContent()).toBe('Acme Cloud');
      expect(await visitor.getByTestId('status-headline').textContent()).toBe('Major outage');
      const component = visitor.locator('[data-testid="status-component"][data-name="Payments"]');
      expect(await component.getAttribute('data-status')).toBe('down');
      const bars = component.locator('.status-bar');
      expect(await bars.count()).toBe(90);
      const today = bars.last();
      const date = new Date().toISOString().slice(0, 10);
      expect(await today.getAttribute('data-date')).toBe(date);
      expect(await today.getAttribute('data-tone')).toBe('major');
      expect(await today.getAttribute('title')).toBe(`${date}: 50 % up`);
      expect(await bars.first().getAttribute('data-tone')).toBe('none');
      const open = visitor.getByTestId('status-open-incidents').getByTestId('status-incident');
      expect(await open.count()).toBe(1);
      expect(await open.locator('h3').textContent()).toBe('Payments is down');
      const note = visitor.getByTestId('status-notes');
      expect(await note.locator('h3').textContent()).toContain('Scheduled maintenance');
      expect(await note.textContent()).toContain('The payment API restarts at 22:00 UTC.');
      const text = (await visitor.locator('body').textContent()) ?? '';
      expect(text).not.toContain('payments-worker-internal');
      expect(text).not.toContain('10.9.8.7');
      expect((await context.cookies()).length).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('is read only for a viewer', async () => {
    const undo = await viewAsRole(page, 'viewer');
    try {
      await page.reload();
      await page.getByTestId('status-page-read-only').waitFor();
      expect(await page.getByTestId('status-page-title').isDisabled()).toBe(true);
      expect(await page.getByTestId('save-status-page').isDisabled()).toBe(true);
      expect(await page.getByTestId('status-page-note-form').count()).toBe(0);
      expect(await page.getByTestId('status-page-link').getAttribute('href')).toBe('/status/acme-cloud');
    } finally {
      await undo();
    }
  });
});
