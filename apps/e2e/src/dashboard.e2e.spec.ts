import { type DashboardSession, openDashboard, postIngestJson, type Stack } from '@vigil/testing';
import { request } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Signing in and the Overview page, in real Chromium against the built dashboard (`next start`)
// in front of the real API. The steps share one page and run in order, as a person would.

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

async function ingest(path: string, body: unknown): Promise<void> {
  const response = await postIngestJson(stack, path, body);
  expect(response.status, await response.clone().text()).toBe(200);
}

/**
 * OpenTelemetry's stable HTTP server histogram for `checkout`, as cumulative counters scraped a
 * minute apart for the last 10 minutes, starting from zero: each minute 720 requests answered
 * 200 and 180 answered 500, all between 50 and 100 ms: 15 requests/s, 20 % of them 5xx.
 */
function checkoutHistogram(now: number) {
  const bounds = ['0.05', '0.1', '0.25', '+Inf'];
  const samples: { name: string; labels: Record<string, string>; value: number; timestamp: number }[] = [];
  for (let minute = 0; minute <= 10; minute++) {
    const timestamp = now - (10 - minute) * 60_000;
    for (const [code, perMinute] of [['200', 720], ['500', 180]] as const) {
      const labels = { service: 'checkout', http_response_status_code: code };
      const count = perMinute * minute;
      for (const le of bounds) samples.push({ name: 'http_server_request_duration_seconds_bucket', labels: { ...labels, le }, value: le === '0.05' ? 0 : count, timestamp });
      samples.push({ name: 'http_server_request_duration_seconds_count', labels, value: count, timestamp });
      samples.push({ name: 'http_server_request_duration_seconds_sum', labels, value: count * 0.075, timestamp });
    }
  }
  return samples;
}

/** `0.989 req/s` → 0.989 */
const shownNumber = (text: string | null) => Number((text ?? '').replace(/[^0-9.]/g, ''));
const row = (service: string) => page.locator(`[data-testid="service-row"][data-service="${service}"]`);
const cell = (service: string, testId: string) => row(service).getByTestId(testId).textContent();
const header = (testId: string) => page.getByTestId(testId).textContent();

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** Half a pixel of slack for sub-pixel layout. */
const SLACK = 0.5;
const right = (box: Box) => box.x + box.width;
const overlaps = (a: Box, b: Box) => a.x < right(b) - SLACK && b.x < right(a) - SLACK && a.y < b.y + b.height - SLACK && b.y < a.y + a.height - SLACK;

/**
 * Whatever keeps the service page's three chart cards from showing whole in the current
 * window: the page scrolling sideways, a card past the window's edge, a chart wider than its
 * card (clipped) or not filling it (not resized), cards overlapping. Empty when all is well.
 */
async function servicePageProblems(): Promise<string[]> {
  const viewport = page.viewportSize()?.width ?? 0;
  const problems: string[] = [];
  const pageWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
  if (pageWidth > viewport) problems.push(`the page is ${pageWidth} px wide in a ${viewport} px window`);
  const seen: { name: string; box: Box }[] = [];
  for (const card of await page.locator('.signal-grid > .card').all()) {
    const name = (await card.locator('h2').textContent()) ?? '?';
    const [box, chart] = [await card.boundingBox(), await card.locator('canvas').first().boundingBox()];
    if (!box || !chart) {
      problems.push(`${name}: not drawn`);
      continue;
    }
    if (box.x < -SLACK || right(box) > viewport + SLACK) problems.push(`${name} card spans ${box.x}–${right(box)} px of ${viewport}`);
    if (chart.x < box.x - SLACK || right(chart) > right(box) + SLACK) problems.push(`${name} chart spans ${chart.x}–${right(chart)} px, its card ${box.x}–${right(box)}`);
    // The card's padding and the y axis aside, the chart fills the card: it followed the window.
    if (chart.width < box.width - 40) problems.push(`${name} chart is ${chart.width} px wide in a ${box.width} px card`);
    for (const other of seen) if (overlaps(box, other.box)) problems.push(`${name} overlaps ${other.name}`);
    seen.push({ name, box });
  }
  if (seen.length !== 3) problems.push(`${seen.length} cards instead of latency, throughput and error rate`);
  return problems;
}

describe('signing in', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/login');
    expect(url.searchParams.get('next')).toBeNull();
  });

  it('shows the API’s reason for a wrong password', async () => {
    await page.fill('input[name=email]', stack.admin.email);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('password is wrong');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('signs in with the right password and lands on the Overview', async () => {
    await page.fill('input[name=password]', stack.admin.password);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => page.getByTestId('user-email').textContent()).toBe(stack.admin.email);
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Overview');
    // The API's session cookie came through the dashboard's origin and stays out of scripts' reach.
    const cookie = (await page.context().cookies()).find((one) => one.name === 'vigil_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', domain: new URL(stack.dashboardUrl).hostname });
  });
});

/** POSTs JSON from a chosen loopback source address (a stand-in for another machine); returns the status. */
function postFrom(url: string, localAddress: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}

describe('sign-in limits through the dashboard', () => {
  it("lock out the guessing address, not the person signing in from elsewhere, and ignore a browser's X-Forwarded-For", async () => {
    const login = `${stack.dashboardUrl}/api/v1/auth/login`;
    const statuses: number[] = [];
    // An attacker at 127.0.0.5 guesses, claiming a new address every time.
    for (let i = 0; i < 11; i += 1) statuses.push(await postFrom(login, '127.0.0.5', { email: stack.admin.email, password: 'guess' }, { 'x-forwarded-for': `203.0.113.${i}` }));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // The admin, at 127.0.0.6, signs in at once.
    expect(await postFrom(login, '127.0.0.6', stack.admin)).toBe(200);
  });
});

describe('overview', () => {
  it('explains how to send HTTP metrics while there are no services, with this page’s origin', async () => {
    const empty = page.getByTestId('empty-state');
    await empty.waitFor();
    const text = await empty.textContent();
    expect(text).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(text).toContain(`${stack.dashboardUrl}/api/v1/ingest/metrics`);
  });

  it('lists services with their golden signals and sparklines', async () => {
    const now = Date.now();
    await ingest('/api/v1/ingest/metrics', { samples: checkoutHistogram(now) });
    await ingest('/api/v1/ingest/logs', { service: 'billing-worker', severity: 'info', message: 'invoice sent', timestamp: now - 60_000 });
    await page.reload();
    await row('checkout').waitFor();
    // 15 requests/s now (a rate over the last 5 minutes, not 9,000 requests spread over the
    // hour); 20 % of them 5xx; every one between 50 and 100 ms.
    expect(await cell('checkout', 'throughput')).toMatch(/ req\/s$/);
    expect(shownNumber(await cell('checkout', 'throughput'))).toBeCloseTo(15, 1);
    expect(await cell('checkout', 'error-rate')).toBe('20 %');
    expect(await cell('checkout', 'latency-p50')).toBe('75 ms');
    expect(await cell('checkout', 'latency-p95')).toBe('97.5 ms');
    expect(await cell('checkout', 'latency-p99')).toBe('99.5 ms');
    expect(Number(await row('checkout').locator('svg.sparkline').nth(1).getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await row('checkout').locator('svg.sparkline polyline').count()).toBe(3);
    // Throughput is a rate over the recent window; latency and errors cover the range.
    expect(await header('throughput-header')).toBe('Throughput · last 5 min');
    expect(await header('latency-header')).toBe('Latency · last 1 h');
    expect(await header('error-rate-header')).toBe('Error rate · last 1 h');
    expect(await header('throughput-trend-header')).toBe('trend · last 1 h');
    // A service known only from its logs is listed without signals.
    expect(await row('billing-worker').textContent()).toContain('logs only');
    expect(await cell('billing-worker', 'throughput')).toBe('—');
    await page.screenshot({ path: '/tmp/dashboard-overview.png', fullPage: true });
  });

  it('recomputes for another range and keeps it in the address', async () => {
    await page.getByRole('button', { name: '15m' }).click();
    await page.waitForURL((url) => url.searchParams.get('range') === '15m');
    // Still 15 requests/s at 4 s steps: the rate window spans several scrapes, whatever the step.
    await expect.poll(async () => new URL(page.url()).searchParams.get('range')).toBe('15m');
    await expect.poll(async () => shownNumber(await cell('checkout', 'throughput'))).toBeCloseTo(15, 1);
    expect(await cell('checkout', 'error-rate')).toBe('20 %');
    expect(await header('latency-header')).toBe('Latency · last 15 min');
    expect(await header('throughput-header')).toBe('Throughput · last 5 min');
  });

  it('fits the table in a 1000 px window', async () => {
    await page.setViewportSize({ width: 1000, height: 900 });
    const table = page.getByTestId('services-table');
    await expect.poll(async () => (await table.boundingBox())?.width).toBeLessThanOrEqual(1000 - 2 * 24);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1000);
    await page.screenshot({ path: '/tmp/dashboard-overview-1000.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('opens a service’s detail with its charts', async () => {
    await row('checkout').getByTestId('service-link').click();
    await page.waitForURL((url) => url.pathname === '/services/checkout');
    expect(new URL(page.url()).searchParams.get('range')).toBe('15m');
    await page.locator('[data-testid="latency-chart"] canvas').first().waitFor();
    expect(await page.locator('[data-testid="latency-chart"] .u-legend').textContent()).toMatch(/p50.*p95.*p99/);
    await page.locator('[data-testid="throughput-chart"] canvas').first().waitFor();
    await page.locator('[data-testid="error-rate-chart"] canvas').first().waitFor();
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Overview');
    await page.screenshot({ path: '/tmp/dashboard-service.png', fullPage: true });
  });

  it('shows the service page whole at 1920 and 1000 px, also after the window narrows', async () => {
    await page.setViewportSize({ width: 1920, height: 1000 });
    await expect.poll(servicePageProblems).toEqual([]);
    // Narrowing the window redraws the charts at the new width; the grid does not keep the old one.
    await page.setViewportSize({ width: 1000, height: 1000 });
    await expect.poll(servicePageProblems).toEqual([]);
    await page.screenshot({ path: '/tmp/dashboard-service-1000.png', fullPage: true });
    await page.reload();
    await page.locator('[data-testid="error-rate-chart"] canvas').first().waitFor();
    await expect.poll(servicePageProblems).toEqual([]);
    // Units on the axes: latency in ms, throughput in req/s, errors in %.
    const ticks = (chart: string) => page.locator(`[data-testid="${chart}"] .uplot`).getAttribute('data-y-ticks');
    expect((await ticks('latency-chart'))?.split('|').every((tick) => / ms$/.test(tick))).toBe(true);
    expect((await ticks('throughput-chart'))?.split('|').every((tick) => / req\/s$/.test(tick))).toBe(true);
    expect((await ticks('error-rate-chart'))?.split('|').every((tick) => / %$/.test(tick))).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('leads from the service to its logs', async () => {
    await page.getByTestId('service-logs-link').click();
    await page.waitForURL((url) => url.pathname === '/logs');
    expect(new URL(page.url()).searchParams.getAll('service')).toEqual(['checkout']);
    expect(await page.getByTestId('service-filter-chip').textContent()).toContain('checkout');
  });
});

describe('signing out', () => {
  it('logs out back to the sign-in page, and the pages stay closed', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.goto(`${stack.dashboardUrl}/metrics`);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/login');
    expect(url.searchParams.get('next')).toBe('/metrics');
  });
});
