// Uptime figures and monthly reports on the real engines: incidents and maintenance windows in a
// Postgres test database, check results (and the daily rollup their insert feeds) in chDB,
// counted by UptimeReports for October 2026 in Europe/Berlin — 745 real hours, clocks back an hour
// on the 25th. Every expected figure below is worked out by hand in its comment.
import { UptimeReports } from '@vigil/check-engine';
import { checkRequestSchema, maintenanceWindowRequestSchema, uptimeReportRequestSchema } from '@vigil/contracts';
import type { CheckRecord, ConfigStore } from '@vigil/config-store';
import { monthSpan } from '@vigil/probing';
import { CheckResultRepository, type NewCheckResult } from '@vigil/telemetry-store';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckEngines, startCheckEngines } from './support/check-engines';

const HOUR = 3_600;
const at = (iso: string): number => Date.parse(iso);
/** After the month: every figure is final. */
const NOW = at('2026-12-01T12:00:00Z');
/** Last month in Berlin, for response times (the rollup keeps 400 days). */
const RECENT_MONTH = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const RECENT = monthSpan(RECENT_MONTH, 'Europe/Berlin') ?? { from: 0, to: 0 };

let engines: CheckEngines;
let store: ConfigStore;
let projectId: string;
let reports: UptimeReports;
let api: CheckRecord;
let web: CheckRecord;

async function createCheck(name: string, createdAt: string): Promise<CheckRecord> {
  const check = await store.checks.create(projectId, checkRequestSchema.parse({ name, kind: 'http', spec: { url: 'https://example.com' } }), new Date(createdAt));
  const db = new Client({ connectionString: engines.databaseUrl });
  await db.connect();
  try {
    await db.query('UPDATE checks SET created_at = $1 WHERE id = $2', [new Date(createdAt), check.id]);
  } finally {
    await db.end();
  }
  return { ...check, createdAt: new Date(createdAt) };
}

async function incident(check: CheckRecord, severity: 'down' | 'degraded', from: string, to: string): Promise<void> {
  await store.incidents.open({ projectId, checkId: check.id, severity, startedAt: new Date(from), cause: 'connection refused', regions: ['local'], parentIncidentId: null });
  await store.incidents.close(check.id, new Date(to));
}

const result = (check: CheckRecord, time: string, latencyMs: number): NewCheckResult => ({ projectId, checkId: check.id, region: 'local', time: at(time), status: 'up', statusCode: 200, latencyMs, error: '', retentionDays: 3_650 });
const october = (rules: Record<string, unknown> = {}) => uptimeReportRequestSchema.parse({ month: '2026-10', timezone: 'Europe/Berlin', ...rules });

beforeAll(async () => {
  engines = await startCheckEngines('uptime-reports');
  ({ store, projectId } = engines);
  reports = new UptimeReports(store, engines.telemetry);
  api = await createCheck('api', '2026-09-15T00:00:00Z');
  // The month starts at 00:00 CEST = 22:00Z on 30 September and ends at 00:00 CET = 23:00Z on 31 October.
  await incident(api, 'down', '2026-09-30T21:30:00Z', '2026-09-30T22:30:00Z'); // 1,800 s in October
  await incident(api, 'down', '2026-10-05T12:00:00Z', '2026-10-05T12:00:30Z'); // a 30 s blip
  await incident(api, 'degraded', '2026-10-10T10:00:00Z', '2026-10-10T10:20:00Z'); // 1,200 s degraded
  await incident(api, 'down', '2026-10-18T01:30:00Z', '2026-10-18T02:30:00Z'); // half in maintenance: 1,800 s outside
  await incident(api, 'down', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'); // 02:30 CEST → 02:30 CET: 3,600 s
  await incident(api, 'down', '2026-10-31T22:50:00Z', '2026-10-31T23:30:00Z'); // 600 s in October
  // Sundays 03:00 Berlin for an hour, for the api only: 01:00Z on the 4th, 11th and 18th, 02:00Z on the 25th (CET).
  await store.maintenanceWindows.create(projectId, maintenanceWindowRequestSchema.parse({ name: 'sunday', cron: '0 3 * * 0', durationMinutes: 60, timezone: 'Europe/Berlin', matchers: [{ label: 'check_name', op: '=', value: 'api' }] }));
  web = await createCheck('web', '2026-10-20T00:00:00Z');
  await incident(web, 'down', '2026-10-21T08:00:00Z', '2026-10-21T08:10:00Z');
  // Latencies, in last month (the rollup keeps 400 days, so the month moves with the clock): 5 ×
  // 100 ms on its first, partial UTC day and 5 × 300 ms on a whole day; 9000 ms just before its
  // start and just after its end (which would dominate if counted).
  const minutes = (from: number, latencyMs: number) => [0, 1, 2, 3, 4].map((minute) => result(api, new Date(from + minute * 60_000).toISOString(), latencyMs));
  await new CheckResultRepository(engines.telemetry).insert([
    ...minutes(RECENT.from + 10 * 60_000, 100),
    ...minutes(RECENT.from + 10 * 86_400_000, 300),
    ...minutes(RECENT.from - 30 * 60_000, 9_000),
    ...minutes(RECENT.to + 10 * 60_000, 9_000),
  ]);
}, 120_000);

afterAll(async () => {
  await engines?.close();
});

describe('monthly uptime reports on chDB and Postgres', () => {
  const PERIOD = 745 * HOUR - 4 * HOUR; // maintenance excluded: 2,667,600 s
  const DOWN = 1_800 + 30 + 1_800 + 3_600 + 600; // 7,830 s

  it('counts the exact seconds of a 745-hour month across the autumn clock change, maintenance left out', async () => {
    const report = await reports.projectReport(projectId, october(), NOW);
    expect(report).toMatchObject({ month: '2026-10', timezone: 'Europe/Berlin', from: '2026-09-30T22:00:00.000Z', to: '2026-10-31T23:00:00.000Z', hours: 745 });
    expect(report.checks.map((check) => check.checkName)).toEqual(['api', 'web']);
    const [row] = report.checks;
    expect(row).toMatchObject({ periodSeconds: PERIOD, downtimeSeconds: DOWN, maintenanceSeconds: 4 * HOUR, degradedSeconds: 1_200, incidents: 5, mttrSeconds: DOWN / 5, mtbfSeconds: (PERIOD - DOWN) / 5 });
    expect(row?.uptimePercent).toBe((100 * (PERIOD - DOWN)) / PERIOD); // 99.706477…
    expect(row?.uptimePercent?.toFixed(4)).toBe('99.7065');
  });

  it('applies the counting rules: minimum length, degraded as down, maintenance counted', async () => {
    const [longOnly] = (await reports.projectReport(projectId, october({ minIncidentSeconds: '60' }), NOW)).checks;
    expect(longOnly).toMatchObject({ downtimeSeconds: DOWN - 30, incidents: 4 });
    const [degradedDown] = (await reports.projectReport(projectId, october({ degraded: 'down' }), NOW)).checks;
    expect(degradedDown).toMatchObject({ downtimeSeconds: DOWN + 1_200, incidents: 6 });
    const [counted] = (await reports.projectReport(projectId, october({ maintenance: 'count' }), NOW)).checks;
    expect(counted).toMatchObject({ periodSeconds: 745 * HOUR, downtimeSeconds: DOWN + 1_800 });
    expect(counted?.uptimePercent).toBe((100 * (745 * HOUR - DOWN - 1_800)) / (745 * HOUR));
  });

  it('measures a check from its creation, and not through another check’s maintenance', async () => {
    const report = await reports.projectReport(projectId, october(), NOW);
    const period = (at('2026-10-31T23:00:00Z') - at('2026-10-20T00:00:00Z')) / 1000; // 11 days and 23 hours
    expect(report.checks[1]).toMatchObject({ checkName: 'web', measuredFrom: '2026-10-20T00:00:00.000Z', periodSeconds: period, maintenanceSeconds: 0, downtimeSeconds: 600, incidents: 1 });
    expect(report.summary).toEqual({ checks: 2, downtimeSeconds: DOWN + 600, incidents: 6, uptimePercent: ((100 * (PERIOD - DOWN)) / PERIOD + (100 * (period - 600)) / period) / 2 });
  });

  it('takes response times from the partial first day’s results and the whole days’ rollup, nothing outside the month', async () => {
    const recent = uptimeReportRequestSchema.parse({ month: RECENT_MONTH, timezone: 'Europe/Berlin' });
    const [row] = (await reports.projectReport(projectId, recent, Date.now())).checks;
    expect(row?.latencyP50Ms).toBeGreaterThanOrEqual(100);
    expect(row?.latencyP50Ms).toBeLessThanOrEqual(300);
    expect(row?.latencyP95Ms).toBeGreaterThanOrEqual(250);
    expect(row?.latencyP95Ms).toBeLessThanOrEqual(300);
    expect((await reports.projectReport(projectId, october(), NOW)).checks[1]).toMatchObject({ checkName: 'web', latencyP50Ms: null, latencyP95Ms: null });
  });

  it('a check’s report lists the incidents that overlap the month, and uptime over a window ends now', async () => {
    const report = await reports.checkReport(projectId, api.id, october(), NOW);
    expect(report.check.downtimeSeconds).toBe(DOWN);
    expect(report.incidents.map((one) => one.startedAt.toISOString()).sort()).toEqual(
      ['2026-09-30T21:30:00.000Z', '2026-10-05T12:00:00.000Z', '2026-10-10T10:00:00.000Z', '2026-10-18T01:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-31T22:50:00.000Z'],
    );
    const week = await reports.checkUptime(projectId, web.id, { window: '7d', maintenance: 'exclude', degraded: 'up', minIncidentSeconds: 0 }, at('2026-10-25T08:00:00Z'));
    expect(week).toMatchObject({ window: '7d', measuredFrom: '2026-10-20T00:00:00.000Z', measuredTo: '2026-10-25T08:00:00.000Z', downtimeSeconds: 600, incidents: 1 });
  });

  it('answers nothing of another project: its check is not found, its report has no checks', async () => {
    const organization = await store.organizations.create({ name: 'other' });
    const other = await store.projects.create({ organizationId: organization.id, name: 'other', slug: 'other-uptime' });
    await expect(reports.checkReport(other.id, api.id, october(), NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await reports.projectReport(other.id, october(), NOW)).checks).toEqual([]);
  });

  it('refuses, naming it, a maintenance window that starts too often to walk (every minute for a month)', async () => {
    const window = await store.maintenanceWindows.create(projectId, maintenanceWindowRequestSchema.parse({ name: 'every minute', cron: '* * * * *', durationMinutes: 1, timezone: 'UTC', matchers: [{ label: 'check_name', op: '=', value: 'web' }] }));
    try {
      await expect(reports.projectReport(projectId, october(), NOW)).rejects.toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', message: expect.stringContaining('"every minute"') });
    } finally {
      await store.maintenanceWindows.delete(projectId, window.id);
    }
  });
});
