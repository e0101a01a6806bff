import { type DashboardSession, openDashboard, postIngestJson, type Stack, submitSignIn } from '@vigil/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The metrics explorer in real Chromium against the built dashboard and the real API: a
// shared link, the pickers' suggestions, aggregation, readable errors, zoom and a dense series.

const GAUGE = 'e2e_queue_depth';
const DENSE = 'e2e_dense_signal';
const DENSE_POINTS = 10_000;
const HISTOGRAM = 'e2e_job_duration_seconds';
const PAUSE = 'e2e_gc_pause_seconds';
const COUNTER = 'e2e_jobs_done_total';

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
/** The tick labels uPlot drew on the canvas, as the chart mirrors them (`data-x-ticks`, `data-y-ticks`). */
const ticks = async (axis: 'x' | 'y') => ((await page.locator('[data-testid="metric-chart"] .uplot').getAttribute(`data-${axis}-ticks`)) ?? '').split('|');
/** `14:05`, or `14:05` over `2026-01-05` on a second line: 24-hour local time. */
const TIME_TICK = /^\d\d:\d\d(:\d\d)?(\n\d{4}-\d\d-\d\d)?$/;

async function hoverChartAt(fraction: number): Promise<void> {
  const box = await page.locator('[data-testid="metric-chart"] .u-over').boundingBox();
  if (!box) throw new Error('no plot area');
  await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
}

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
    // A gauge in seconds (from its `_seconds` suffix), and a counter growing by 600 a minute.
    const pause = [0.2, 0.3, 0.4, 0.5].map((value, index) => ({ name: PAUSE, labels: { service: 'jobs' }, value, timestamp: now - (4 - index) * 60_000 }));
    const counter = Array.from({ length: 11 }, (_, index) => ({ name: COUNTER, labels: { service: 'jobs' }, value: index * 600, timestamp: now - (10 - index) * 60_000 }));
    await ingestSamples([...gauge, ...dense, ...histogram, ...pause, ...counter]);
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

  it('labels a `_seconds` metric’s axis and legend as durations, and time in 24 hours', async () => {
    await page.goto(`${stack.dashboardUrl}/metrics?metric=${PAUSE}`);
    await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
    expect(await page.getByTestId('metric-unit').textContent()).toBe('unit s');
    const values = await ticks('y');
    expect(values.length).toBeGreaterThan(1);
    // 0.2–0.5 s: every tick in one duration unit.
    expect(values.every((tick) => /^[\d.]+ ms$/.test(tick)) || values.every((tick) => /^[\d.]+ s$/.test(tick))).toBe(true);
    const times = await ticks('x');
    expect(times.every((tick) => TIME_TICK.test(tick))).toBe(true);
    // The first tick carries the date.
    expect(times[0]).toMatch(/\n\d{4}-\d\d-\d\d$/);
    // Hovering the newest sample (0.5 s) names it in the legend, with its time to the second
    // (preceded by the date when the last hour spans midnight).
    await hoverChartAt(0.995);
    await expect.poll(() => legend()).toMatch(/Time:?\s*(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d/);
    expect(await legend()).toMatch(/500 ms/);
  });

  it('labels a rate’s axis per second', async () => {
    await page.goto(`${stack.dashboardUrl}/metrics?metric=${COUNTER}&fn=rate`);
    await page.locator('[data-testid="metric-chart"] canvas').first().waitFor();
    expect(await page.getByTestId('metric-unit').textContent()).toBe('unit /s');
    const values = await ticks('y');
    expect(values.length).toBeGreaterThan(1);
    expect(values.every((tick) => /^[\d.]+k?\/s$/.test(tick))).toBe(true);
    // 600 a minute is 10 per second, however the windows fall.
    await hoverChartAt(0.97);
    await expect.poll(() => legend()).toMatch(/service="jobs":?\s*10\/s/);
  });

  it('sends a matcher with an invalid label name and shows the API’s 400, charting nothing', async () => {
    await page.goto(`${stack.dashboardUrl}/metrics?metric=${GAUGE}`);
    await expect.poll(() => seriesCount().getAttribute('data-series')).toBe('2');
    await page.getByTestId('add-matcher').click();
    const label = page.getByTestId('matcher-label');
    await label.fill('1region');
    await label.press('Enter');
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain('match');
    expect(await error.textContent()).toContain('1region=""');
    expect(await page.locator('[data-testid="metric-chart"]').count()).toBe(0);
    expect(await label.getAttribute('aria-invalid')).toBe('true');
    expect(search().getAll('match')).toEqual(['1region=""']);
    // The link keeps the filter: read back, it is sent again and refused again.
    await page.reload();
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').textContent()).toContain('1region=""');
    expect(await page.getByTestId('matcher-label').inputValue()).toBe('1region');
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
