import { type DashboardSession, openDashboard, postIngestJson, type Stack, submitSignIn } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The metrics explorer in real Chromium against the built dashboard and the real API: a
// shared link, the pickers' suggestions, aggregation, readable errors, zoom and a dense series.

const GAUGE = 'e2e_queue_depth';
const DENSE = 'e2e_dense_signal';
const DENSE_POINTS = 10_000;
const HISTOGRAM = 'e2e_job_duration_seconds';

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

async function ingestSamples(samples: unknown[]): Promise<void> {
  const response = await postIngestJson(stack, '/api/v1/ingest/metrics', { samples });
  expect(response.status, await response.clone().text()).toBe(200);
}

const seriesCount = () => page.getByTestId('series-count');
const legend = () => page.locator('[data-testid="metric-chart"] .u-legend').textContent();
const search = () => new URL(page.url()).searchParams;

describe('metrics explorer', () => {
  it('accepts two series a minute apart and one of 10,000 points a second apart', async () => {
    const now = Date.now();
    const gauge = [4, 3, 2, 1].flatMap((minutes, index) =>
      ['eu', 'us'].map((region) => ({ name: GAUGE, labels: { service: 'queue', region }, value: (region === 'eu' ? 10 : 100) + index, timestamp: now - minutes * 60_000 })),
    );
    const dense = Array.from({ length: DENSE_POINTS }, (_, i) => ({ name: DENSE, labels: { host: 'a' }, value: Math.sin(i / 100), timestamp: now - (DENSE_POINTS - i) * 1000 }));
    // A histogram whose observations all fall between 1 and 2 seconds, for every worker.
    const histogram = [5, 4, 3, 2, 1].flatMap((minutes, index) =>
      ['a', 'b'].flatMap((worker) =>
        ['1', '2', '+Inf'].map((le) => ({ name: `${HISTOGRAM}_bucket`, labels: { service: 'jobs', worker, le }, value: le === '1' ? 0 : index * 10, timestamp: now - minutes * 60_000 })),
      ),
    );
    await ingestSamples([...gauge, ...dense, ...histogram]);
  });

  it('opens a shared link after signing in, with the query it names', async () => {
    const shared = `/metrics?metric=${GAUGE}&match=${encodeURIComponent('region="eu"')}`;
    await page.goto(`${stack.dashboardUrl}${shared}`);
    expect(new URL(page.url()).searchParams.get('next')).toBe(shared);
    await submitSignIn(page, stack);
    await page.waitForURL((url) => url.pathname === '/metrics');
    await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
    await expect.poll(() => seriesCount().getAttribute('data-points')).toBe('4');
    expect(await seriesCount().getAttribute('data-series')).toBe('1');
    expect(await legend()).toContain('region="eu"');
    expect(await page.getByTestId('metric-picker').inputValue()).toBe(GAUGE);
    expect(await page.getByTestId('matcher-value').inputValue()).toBe('eu');
    expect(search().getAll('match')).toEqual(['region="eu"']);
  });

  it('suggests metric names while typing', async () => {
    const picker = page.getByTestId('metric-picker');
    await picker.fill('e2e_q');
    const suggestions = page.getByTestId('metric-picker-suggestions');
    await expect.poll(() => suggestions.textContent()).toContain(GAUGE);
    expect(await suggestions.textContent()).not.toContain(DENSE);
    await suggestions.getByRole('option', { name: GAUGE }).click();
    expect(await picker.inputValue()).toBe(GAUGE);
  });

  it('suggests label names and values for matchers', async () => {
    await page.getByRole('button', { name: 'Remove matcher' }).click();
    await expect.poll(() => seriesCount().getAttribute('data-series')).toBe('2');
    await page.getByTestId('add-matcher').click();
    await page.getByTestId('matcher-label').fill('reg');
    const labels = page.getByTestId('matcher-label-suggestions');
    await labels.getByRole('option', { name: 'region' }).click();
    await page.getByTestId('matcher-value').fill('u');
    const values = page.getByTestId('matcher-value-suggestions');
    await expect.poll(() => values.textContent()).toBe('us');
    await values.getByRole('option', { name: 'us' }).click();
    await expect.poll(() => legend()).toContain('region="us"');
    expect(await seriesCount().getAttribute('data-series')).toBe('1');
  });

  it('aggregates across series by a label and keeps it all in the address', async () => {
    await page.getByRole('button', { name: 'Remove matcher' }).click();
    await page.getByTestId('agg-picker').selectOption('sum');
    await page.getByTestId('group-by-input').fill('servi');
    await page.getByTestId('group-by-input-suggestions').getByRole('option', { name: 'service' }).click();
    await expect.poll(() => legend()).toContain('service="queue"');
    expect(await legend()).not.toContain('region=');
    expect(await seriesCount().getAttribute('data-series')).toBe('1');
    expect(search().get('agg')).toBe('sum');
    expect(search().getAll('by')).toEqual(['service']);
    // A reload restores the same query from the address alone.
    await page.reload();
    await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
    expect(await page.getByTestId('agg-picker').inputValue()).toBe('sum');
    expect(await page.getByTestId('group-by').textContent()).toContain('service');
    expect(await legend()).toContain('service="queue"');
  });

  it('reads a histogram as a quantile, grouped by a label', async () => {
    await page.goto(`${stack.dashboardUrl}/metrics?metric=${HISTOGRAM}_bucket&quantile=0.5&by=service`);
    await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
    expect(await page.getByTestId('fn-picker').inputValue()).toBe('quantile');
    expect(await seriesCount().getAttribute('data-series')).toBe('1');
    expect(await legend()).toContain('service="jobs"');
    expect(await legend()).not.toContain('worker=');
  });

  it('zooms into a dragged span', async () => {
    const over = page.locator('[data-testid="metric-chart"] .u-over');
    const box = await over.boundingBox();
    if (!box) throw new Error('no plot area');
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL((url) => url.searchParams.has('from') && url.searchParams.has('to'));
    const width = Number(search().get('to')) - Number(search().get('from'));
    // A fifth of the last hour, give or take a pixel.
    expect(width).toBeGreaterThan(9 * 60_000);
    expect(width).toBeLessThan(15 * 60_000);
    await page.getByTestId('range-description').waitFor();
  });

  it('shows the API’s problem for a bad regex, naming the parameter', async () => {
    await page.goto(`${stack.dashboardUrl}/metrics?metric=${GAUGE}&match=${encodeURIComponent('region=~"("')}`);
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/regex|match/i);
    expect(await page.locator('[data-testid="metric-chart"]').count()).toBe(0);
  });

  it('draws a series of 10,000 raw points', async () => {
    await page.goto(`${stack.dashboardUrl}/metrics?metric=${DENSE}&range=6h`);
    await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
    await expect.poll(() => seriesCount().getAttribute('data-points')).toBe(String(DENSE_POINTS));
    expect(await legend()).toContain('host="a"');
    await page.screenshot({ path: '/tmp/dashboard-metrics.png', fullPage: true });
  });
});
