import { type DashboardSession, openDashboard, postIngestJson, type Stack, submitSignIn } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The logs explorer in real Chromium against the built dashboard and the real API: search,
// filters, the histogram, expandable records, paging and live tail.

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const BULK = 130;

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

async function ingestLogs(records: unknown[]): Promise<void> {
  const response = await postIngestJson(stack, '/api/v1/ingest/logs', records);
  expect(response.status, await response.clone().text()).toBe(200);
}

const bodies = () => page.getByTestId('log-body').allTextContents();
const search = () => new URL(page.url()).searchParams;

describe('logs explorer', () => {
  it('accepts records from two services', async () => {
    const now = Date.now();
    await ingestLogs([
      { service: 'checkout', severity: 'error', message: 'payment declined for order 17', timestamp: now - 5 * 60_000, trace_id: TRACE_ID, attributes: { order_id: 17, region: 'eu' } },
      { service: 'checkout', severity: 'info', message: 'order 17 placed', timestamp: now - 4 * 60_000, attributes: { region: 'eu' } },
      { service: 'cart', severity: 'warn', message: 'cart payment retry', timestamp: now - 3 * 60_000, attributes: { region: 'us' } },
      { service: 'cart', severity: 'info', message: 'cart updated', timestamp: now - 2 * 60_000 },
      ...Array.from({ length: BULK }, (_, i) => ({ service: 'bulk', severity: 'debug', message: `bulk record ${i}`, timestamp: now - 30 * 60_000 + i * 1000 })),
    ]);
  });

  it('signs in and shows the newest records first, with a histogram of them', async () => {
    await page.goto(`${stack.dashboardUrl}/logs?service=checkout&service=cart`);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/logs');
    await page.getByTestId('log-record').first().waitFor();
    expect(await bodies()).toEqual(['cart updated', 'cart payment retry', 'order 17 placed', 'payment declined for order 17']);
    const histogram = page.getByTestId('logs-histogram');
    await histogram.locator('canvas').first().waitFor();
    expect(await histogram.getAttribute('data-total')).toBe('4');
    expect(await histogram.locator('.u-legend').textContent()).toMatch(/error.*warn.*info|info.*warn.*error/s);
  });

  it('searches the message text', async () => {
    await page.getByTestId('logs-search').fill('payment');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => bodies()).toEqual(['cart payment retry', 'payment declined for order 17']);
    expect(search().get('q')).toBe('payment');
    await expect.poll(() => page.getByTestId('logs-histogram').getAttribute('data-total')).toBe('2');
  });

  it('expands a record to its attributes, resource and trace id', async () => {
    const record = page.getByTestId('log-record').filter({ hasText: 'payment declined' });
    await record.getByRole('button').first().click();
    const attributes = record.getByTestId('log-attributes');
    await attributes.waitFor();
    expect(await attributes.textContent()).toContain('order_id17');
    expect(await attributes.textContent()).toContain('regioneu');
    expect(await record.getByTestId('log-trace-id').textContent()).toBe(TRACE_ID);
    await page.screenshot({ path: '/tmp/dashboard-logs.png', fullPage: true });
  });

  it('narrows to the records of a trace, and back', async () => {
    await page.getByRole('button', { name: 'all logs of this trace' }).click();
    await page.waitForURL((url) => url.searchParams.get('trace_id') === TRACE_ID);
    await expect.poll(() => bodies()).toEqual(['payment declined for order 17']);
    await page.getByRole('button', { name: 'Remove trace filter' }).click();
    await expect.poll(() => bodies()).toEqual(['cart payment retry', 'payment declined for order 17']);
    expect(search().has('trace_id')).toBe(false);
  });

  it('filters by severity and by attribute', async () => {
    await page.getByTestId('severity-filter').getByRole('button', { name: 'error' }).click();
    await expect.poll(() => bodies()).toEqual(['payment declined for order 17']);
    expect(search().getAll('severity')).toEqual(['error']);
    await page.getByTestId('severity-filter').getByRole('button', { name: 'error' }).click();
    // Suggestions: keys first, then the picked key's values.
    const attr = page.getByTestId('attr-filter');
    const suggested = page.getByTestId('attr-filter-suggestions');
    await attr.fill('reg');
    await expect.poll(() => suggested.textContent()).toContain('region=');
    await suggested.getByRole('option', { name: 'region=' }).dispatchEvent('mousedown');
    expect(await attr.inputValue()).toBe('region=');
    expect(await page.getByTestId('attr-filter-chip').count()).toBe(0);
    await attr.fill('region=u');
    await expect.poll(() => suggested.textContent()).toBe('region=us');
    await suggested.getByRole('option', { name: 'region=us' }).dispatchEvent('mousedown');
    await expect.poll(() => bodies()).toEqual(['cart payment retry']);
    expect(search().getAll('attr')).toEqual(['region=us']);
  });

  it('shows the API’s problem, once, for a search with nothing to search for', async () => {
    await page.goto(`${stack.dashboardUrl}/logs?service=checkout`);
    await page.getByTestId('log-record').first().waitFor();
    await page.getByTestId('logs-search').fill('-');
    await page.getByRole('button', { name: 'Search' }).click();
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain('q: `-` has nothing to search for: each word or phrase needs a letter or a digit');
    expect(search().get('q')).toBe('-');
    expect(await error.count()).toBe(1);
    expect(await page.getByTestId('log-record').count()).toBe(0);
    expect(await page.getByTestId('no-logs').count()).toBe(0);
  });

  it('pages through many records with "load more"', async () => {
    await page.goto(`${stack.dashboardUrl}/logs?service=bulk`);
    await page.getByTestId('log-record').first().waitFor();
    expect(await page.getByTestId('log-record').count()).toBe(100);
    expect(await page.getByTestId('log-body').first().textContent()).toBe(`bulk record ${BULK - 1}`);
    await page.getByTestId('load-more').click();
    await expect.poll(() => page.getByTestId('log-record').count()).toBe(BULK);
    const all = await bodies();
    expect(new Set(all).size).toBe(BULK);
    expect(all.at(-1)).toBe('bulk record 0');
    expect(await page.getByTestId('load-more').count()).toBe(0);
  });

  it('narrows the range to a clicked histogram bar', async () => {
    const over = page.locator('[data-testid="logs-histogram"] .u-over');
    // "Load more" scrolled the page down; mouse coordinates are the viewport's.
    await over.scrollIntoViewIfNeeded();
    const box = await over.boundingBox();
    if (!box) throw new Error('no plot area');
    // The bulk records sit half an hour back in the last hour: the middle of the plot.
    await page.mouse.click(box.x + box.width * 0.5 + 2, box.y + box.height - 4);
    await page.waitForURL((url) => url.searchParams.has('from'));
    const width = Number(search().get('to')) - Number(search().get('from'));
    expect(width).toBe(60_000);
    await page.getByTestId('range-description').waitFor();
  });

  it('follows new records live, on top, until turned off', async () => {
    await page.goto(`${stack.dashboardUrl}/logs?service=tail`);
    await page.getByTestId('no-logs').waitFor();
    await page.getByTestId('live-toggle').click();
    const indicator = page.getByTestId('live-indicator');
    await expect.poll(() => indicator.getAttribute('data-status')).toBe('live');
    expect(search().get('live')).toBe('1');
    await ingestLogs([{ service: 'tail', severity: 'warn', message: 'arrived while watching' }]);
    await expect.poll(() => bodies(), { timeout: 15_000 }).toEqual(['arrived while watching']);
    expect(await indicator.textContent()).toContain('1 new');
    await page.getByTestId('live-toggle').click();
    expect(await page.getByTestId('live-indicator').count()).toBe(0);
    expect(search().has('live')).toBe(false);
    // What was tailed stays on screen after live tail stops.
    expect(await bodies()).toEqual(['arrived while watching']);
  });
});
