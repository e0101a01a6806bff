import { generateApiKey } from '@vigil/auth';
import { type ConfigStore, openConfigStore } from '@vigil/config-store';
import { checkRequestSchema } from '@vigil/contracts';
import { type DashboardSession, openDashboard, type Stack, submitSignIn } from '@vigil/testing';
import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Monthly uptime reports end to end on the built standalone and dashboard: a check with two
// outages in October 2026 (seeded in Postgres; the month in Europe/Berlin has 745 real hours,
// the clocks went back on the 25th) is read through the API (JSON, CSV, refusals, tenant
// isolation, OpenAPI) and in real Chromium on the Reports page (table, drill-down, CSV download,
// print layout). The check is paused so no probe adds incidents while the test runs.

const MONTH = { month: '2026-10', timezone: 'Europe/Berlin' };
const PERIOD = 745 * 3_600;
// 02:30 CEST → 02:30 CET on the 25th (3,600 s), and 23:50 → 00:30 CET over the month's end (600 s in October).
const OUTAGES = [
  { from: '2026-10-25T00:30:00Z', to: '2026-10-25T01:30:00Z' },
  { from: '2026-10-31T22:50:00Z', to: '2026-10-31T23:30:00Z' },
];
const DOWNTIME = 3_600 + 600;
const UPTIME = (100 * (PERIOD - DOWNTIME)) / PERIOD; // 99.843400…

let dashboard: DashboardSession;
let stack: Stack;
let page: Page;
let checkId: string;
let readKey: string;
let otherKey: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers read field by field in assertions
async function get(path: string, key = readKey): Promise<{ status: number; headers: Headers; json: any; text: string }> {
  const response = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text.startsWith('{') ? JSON.parse(text) : null };
}
const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...MONTH, ...extra }).toString();

async function seed(store: ConfigStore, databaseUrl: string): Promise<void> {
  const projectId = stack.projectId ?? '';
  const check = await store.checks.create(projectId, checkRequestSchema.parse({ name: 'storefront', kind: 'http', spec: { url: 'https://shop.example' }, enabled: false }), new Date());
  checkId = check.id;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('UPDATE checks SET created_at = $1 WHERE id = $2', [new Date('2026-09-01T00:00:00Z'), checkId]);
  } finally {
    await db.end();
  }
  for (const outage of OUTAGES) {
    await store.incidents.open({ projectId, checkId, severity: 'down', startedAt: new Date(outage.from), cause: 'connection refused', regions: ['local'], parentIncidentId: null });
    await store.incidents.close(checkId, new Date(outage.to));
  }
  const read = generateApiKey();
  await store.apiKeys.create({ projectId, name: 'reports', prefix: read.prefix, hash: read.hash, scopes: ['read'] });
  readKey = read.key;
  const organization = await store.organizations.create({ name: 'Other' });
  const other = await store.projects.create({ organizationId: organization.id, name: 'Other', slug: 'other' });
  const key = generateApiKey();
  await store.apiKeys.create({ projectId: other.id, name: 'other', prefix: key.prefix, hash: key.hash, scopes: ['read'] });
  otherKey = key.key;
}

beforeAll(async () => {
  dashboard = await openDashboard();
  ({ stack, page } = dashboard);
  const databaseUrl = await stack.databaseUrl();
  const store = await openConfigStore(databaseUrl, { migrate: false });
  try {
    await seed(store, databaseUrl);
  } finally {
    await store.close();
  }
}, 240_000);

afterAll(async () => {
  await dashboard?.close();
});

describe('uptime reports API', () => {
  it('answers the month to the second across the clock change, as JSON and as a CSV download', async () => {
    const report = await get(`/api/v1/reports/uptime?${query()}`);
    expect(report.status).toBe(200);
    expect(report.json).toMatchObject({ ...MONTH, from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z', hours: 745 });
    expect(report.json.checks).toHaveLength(1);
    expect(report.json.checks[0]).toMatchObject({ checkId, checkName: 'storefront', periodSeconds: PERIOD, downtimeSeconds: DOWNTIME, incidents: 2, mttrSeconds: DOWNTIME / 2, uptimePercent: UPTIME });

    const csv = await get(`/api/v1/reports/uptime?${query({ format: 'csv' })}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="uptime-[a-z0-9-]+-2026-10\.csv"$/);
    const [header, row] = csv.text.split('\r\n');
    expect(header).toContain('check_id,check_name,kind,month,timezone');
    expect(row).toBe(`${checkId},storefront,http,2026-10,Europe/Berlin,2026-09-30T22:00:00.000Z,2026-10-31T23:00:00.000Z,${PERIOD},99.8434,${DOWNTIME},0,0,2,2100,${(PERIOD - DOWNTIME) / 2},,`);
  });

  it("a check's report lists its incidents; its uptime over a range or a window ending now", async () => {
    const report = await get(`/api/v1/reports/uptime/checks/${checkId}?${query({ minIncidentSeconds: '1800' })}`);
    expect(report.status).toBe(200);
    // The 40-minute outage counts whole although only 10 minutes of it fall in October.
    expect(report.json.check).toMatchObject({ downtimeSeconds: DOWNTIME, incidents: 2 });
    expect(report.json.incidents.map((one: { startedAt: string }) => one.startedAt).sort()).toEqual(OUTAGES.map((one) => new Date(one.from).toISOString()));
    const range = await get(`/api/v1/checks/${checkId}/uptime?from=${Date.parse('2026-10-01T00:00:00Z')}&to=${Date.parse('2026-11-02T00:00:00Z')}`);
    expect(range.status).toBe(200);
    expect(range.json).toMatchObject({ checkId, window: null, downtimeSeconds: 3_600 + 2_400, incidents: 2, rules: { maintenance: 'exclude', degraded: 'up', minIncidentSeconds: 0 } });
    // The outages are long past: the last day is all up, whenever this runs.
    const day = await get(`/api/v1/checks/${checkId}/uptime?window=24h`);
    expect(day.json).toMatchObject({ window: '24h', periodSeconds: 86_400, downtimeSeconds: 0, uptimePercent: 100 });
  });

  it('refuses a bad month, zone or rule with a 400 naming the parameter', async () => {
    for (const [params, path] of [
      [{ month: '2026-13' }, 'month'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ maintenance: 'sometimes' }, 'maintenance'],
      [{ degraded: 'sideways' }, 'degraded'],
      [{ minIncidentSeconds: '-1' }, 'minIncidentSeconds'],
      [{ format: 'xlsx' }, 'format'],
    ] as const) {
      const answer = await get(`/api/v1/reports/uptime?${query(params)}`);
      expect(answer.status, JSON.stringify(params)).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.json.errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect((await get(`/api/v1/checks/${checkId}/uptime?window=1y`)).json.errors[0].path).toBe('window');
    expect((await get(`/api/v1/checks/${checkId}/uptime`)).status).toBe(400);
  });

  it("keeps projects apart: another project's key finds no such check and no checks in its report", async () => {
    expect((await get(`/api/v1/reports/uptime/checks/${checkId}?${query()}`, otherKey)).status).toBe(404);
    expect((await get(`/api/v1/checks/${checkId}/uptime?window=7d`, otherKey)).status).toBe(404);
    expect((await get(`/api/v1/reports/uptime?${query()}`, otherKey)).json.checks).toEqual([]);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await (await fetch(`${stack.apiUrl}/api/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/reports/uptime', '/api/v1/reports/uptime/checks/{id}', '/api/v1/checks/{id}/uptime']));
  });
});

describe('the Reports page', () => {
  it('opens from the header and shows the seeded outage for October in Berlin', async () => {
    await page.goto(`${stack.dashboardUrl}/`);
    await submitSignIn(page, stack);
    await page.getByTestId('main-nav').getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(/\/reports\?/);
    await page.getByTestId('report-timezone').selectOption('Europe/Berlin');
    await page.getByTestId('report-month').fill('2026-10');
    const row = page.getByTestId('report-row');
    await row.getByTestId('row-uptime').filter({ hasText: '99.8434 %' }).waitFor();
    expect(await row.getByTestId('row-downtime').getAttribute('data-seconds')).toBe(String(DOWNTIME));
    expect(await row.getByTestId('row-downtime').textContent()).toBe('1 h 10 min 00 s');
    expect(await row.getByTestId('row-incidents').textContent()).toBe('2');
    expect(page.url()).toContain('month=2026-10');
    expect(page.url()).toContain('timezone=Europe%2FBerlin');
  });

  it('downloads the CSV the API makes', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^uptime-[a-z0-9-]+-2026-10\.csv$/);
    const text = await readFile((await download.path()) ?? '', 'utf8');
    expect(text.split('\r\n')[1]).toContain(`storefront,http,2026-10,Europe/Berlin,2026-09-30T22:00:00.000Z,2026-10-31T23:00:00.000Z,${PERIOD},99.8434,${DOWNTIME}`);
  });

  it('prints the report alone: no navigation, no controls', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.getByTestId('report-controls').isVisible()).toBe(false);
      expect(await page.getByTestId('report-table').isVisible()).toBe(true);
      expect(await page.getByTestId('report-rules').textContent()).toContain('745 hours in Europe/Berlin');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it("drills down to the check's incidents on the report's wall clock, and applies a counting rule", async () => {
    await page.getByTestId('report-check-link').click();
    await page.getByTestId('check-report-incidents').waitFor();
    const rows = page.getByTestId('incident-row');
    await rows.nth(1).waitFor();
    // Newest first: the month-end outage, then the one of the repeated hour (02:30 CEST → 02:30 CET).
    expect(await rows.nth(1).textContent()).toMatch(/2026-10-25 02:30:00 (CEST|GMT\+2).*2026-10-25 02:30:00 (CET|GMT\+1).*1 h 00 min 00 s/);
    expect(await rows.nth(0).getByTestId('incident-length').textContent()).toBe('40 min 00 s');
    expect(await page.getByTestId('check-uptime').textContent()).toBe('99.8434 %');
    // The check's uptime cards (24 h … 90 d, ending now): the last day holds no outage.
    const cards = page.getByTestId('uptime-card');
    expect(await cards.evaluateAll((all) => all.map((card) => card.getAttribute('data-window')))).toEqual(['24h', '7d', '30d', '90d']);
    await cards.first().getByTestId('uptime-card-percent').filter({ hasText: '100.000 %' }).waitFor();
    await page.getByTestId('report-min-incident').fill('3000');
    await page.getByTestId('check-incidents').filter({ hasText: /^1$/ }).waitFor();
    expect(await page.getByTestId('check-downtime').textContent()).toBe('1 h 00 min 00 s');
    expect(page.url()).toContain('minIncidentSeconds=3000');
  });
});
