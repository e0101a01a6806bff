// The public status page's days and incidents on the real engines (a test database, chDB):
// results seeded across the last 90 UTC days (and before them) through the check results table,
// so its daily rollup answers; incidents opened and closed in Postgres. What the e2e specs cannot
// seed through the API — past days — is checked here, to the exact percent.
import { PublicStatusReader } from '@vigil/check-engine';
import { checkRequestSchema, statusPageRequestSchema } from '@vigil/contracts';
import type { CheckRecord } from '@vigil/config-store';
import { CheckResultRepository, type NewCheckResult } from '@vigil/telemetry-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckEngines, startCheckEngines } from './support/check-engines';

const DAY = 86_400_000;
/** Noon today (UTC): the bars end with today, whatever the hour the test runs at. */
const NOW = Math.floor(Date.now() / DAY) * DAY + DAY / 2;
const dayOf = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10);

let engines: CheckEngines;
let web: CheckRecord;
let queue: CheckRecord;
let reader: PublicStatusReader;

function results(check: CheckRecord, daysAgo: number, statuses: readonly NewCheckResult['status'][], region = 'eu'): NewCheckResult[] {
  return statuses.map((status, index) => ({ projectId: engines.projectId, checkId: check.id, region, time: NOW - daysAgo * DAY + index * 60_000, status, statusCode: status === 'down' ? null : 200, latencyMs: 20, error: status === 'down' ? 'connect ECONNREFUSED 10.0.0.5:443' : '', retentionDays: 400 }));
}

beforeAll(async () => {
  engines = await startCheckEngines('status-page-days');
  const { store } = engines;
  web = await store.checks.create(engines.projectId, checkRequestSchema.parse({ name: 'web-internal', kind: 'http', spec: { url: 'http://10.0.0.5/health' } }), new Date(NOW - 100 * DAY));
  queue = await store.checks.create(engines.projectId, checkRequestSchema.parse({ name: 'queue-internal', kind: 'push', spec: {} }), new Date(NOW - 100 * DAY));
  await new CheckResultRepository(engines.telemetry).insert([
    ...results(web, 95, ['down', 'down', 'down', 'down', 'down']), // before the 90 days shown
    ...results(web, 89, Array<'down'>(10).fill('down')), // the first bar: all down
    ...results(web, 3, ['up', 'up', 'up', 'down']),
    ...results(web, 1, ['up', 'up']),
    ...results(web, 1, ['degraded', 'up'], 'us'),
    ...results(queue, 2, ['up']),
  ]);
  // Incidents: one 40 days ago (too old to list), one 3 days ago that lasted 15 min 30 s, one open since an hour ago.
  for (const [startedAgo, length] of [[40 * DAY, 60_000], [3 * DAY, 930_000]] as const) {
    await store.incidents.open({ projectId: engines.projectId, checkId: web.id, severity: 'down', startedAt: new Date(NOW - startedAgo), cause: 'connect ECONNREFUSED 10.0.0.5:443', regions: ['eu'], parentIncidentId: null });
    await store.incidents.close(web.id, new Date(NOW - startedAgo + length));
  }
  await store.incidents.open({ projectId: engines.projectId, checkId: web.id, severity: 'down', startedAt: new Date(NOW - 3_600_000), cause: 'connect ECONNREFUSED 10.0.0.5:443', regions: ['eu'], parentIncidentId: null });
  await store.checkStates.update(web.id, { status: 'down', since: new Date(NOW - 3_600_000) });
  await store.checkStates.update(queue.id, { status: 'up', since: new Date(NOW - 2 * DAY) });
  reader = new PublicStatusReader({ store, results: new CheckResultRepository(engines.telemetry) });
}, 120_000);

afterAll(async () => {
  await engines?.close();
});

describe('public status page days', () => {
  it('answers 90 UTC day bars from the rollup, to the exact percent, with regions added and degraded apart', async () => {
    const created = await engines.store.statusPages.create(
      engines.projectId,
      statusPageRequestSchema.parse({ slug: 'days', title: 'Days', components: [{ checkId: web.id, name: 'Website' }, { checkId: queue.id, name: 'Queue', group: 'Jobs' }] }),
    );
    expect(created).not.toBe('slug-taken');
    const page = await reader.read('days', NOW);
    if (page === null) throw new Error('no page');
    expect(page.status).toBe('partial_outage');
    const [website, jobs] = page.components;
    expect(website?.days).toHaveLength(90);
    expect(website?.days[0]).toEqual({ date: dayOf(89), uptime: 0, degraded: 0 });
    expect(website?.days[86]).toEqual({ date: dayOf(3), uptime: 75, degraded: 0 });
    expect(website?.days[88]).toEqual({ date: dayOf(1), uptime: 100, degraded: 25 });
    expect(website?.days[89]).toEqual({ date: dayOf(0), uptime: null, degraded: null });
    expect(website?.days.filter((day) => day.uptime !== null)).toHaveLength(3);
    // 18 results over the days shown, 11 down (the 5 from 95 days ago do not count).
    expect(website?.uptime).toBe(38.888);
    expect(website?.status).toBe('down');
    expect(jobs).toMatchObject({ name: 'Queue', group: 'Jobs', status: 'up', uptime: 100 });
    expect(jobs?.days[87]).toEqual({ date: dayOf(2), uptime: 100, degraded: 0 });
  });

  it('lists the open incident and those of the last 30 days, to the second, without causes unless chosen', async () => {
    const page = await reader.read('days', NOW);
    expect(page?.incidents.open).toEqual([{ component: 'Website', severity: 'down', startedAt: new Date(NOW - 3_600_000).toISOString(), endedAt: null, durationMs: null }]);
    expect(page?.incidents.recent).toEqual([{ component: 'Website', severity: 'down', startedAt: new Date(NOW - 3 * DAY).toISOString(), endedAt: new Date(NOW - 3 * DAY + 930_000).toISOString(), durationMs: 930_000 }]);
    expect(JSON.stringify(page)).not.toMatch(/10\.0\.0\.5|internal|ECONNREFUSED/);

    const id = (await engines.store.statusPages.listForProject(engines.projectId))[0]?.id ?? '';
    await engines.store.statusPages.replace(engines.projectId, id, statusPageRequestSchema.parse({ slug: 'days', title: 'Days', components: [{ checkId: web.id, name: 'Website' }], showCauses: true }));
    expect((await reader.read('days', NOW))?.incidents.recent[0]?.cause).toBe('connect ECONNREFUSED 10.0.0.5:443');
  });

  it('drops a chosen check that was deleted, and answers no page for an unknown slug', async () => {
    await engines.store.checks.delete(engines.projectId, web.id);
    const page = await reader.read('days', NOW);
    expect(page?.components).toEqual([]);
    expect(page?.status).toBe('unknown');
    expect(page?.incidents).toEqual({ open: [], recent: [] });
    expect(await reader.read('nobody', NOW)).toBeNull();
  });
});
