import type { ConfigRepositories, IncidentRecord, StatusPageRecord } from '@vigil/config-store';
import { type PublicStatusIncident, type PublicStatusPage, STATUS_PAGE_DAYS } from '@vigil/contracts';
import { componentStatus, dayBars, lastUtcDays, overallUptime, pageStatus } from '@vigil/probing';
import { type CheckResultRepository, runInLane } from '@vigil/telemetry-store';

/** Recent (ended) incidents listed: those of the last 30 days, at most 20. */
const RECENT_INCIDENT_DAYS = 30;
const RECENT_INCIDENTS = 20;
const DAY_MS = 86_400_000;

/** What a status page is read from: the page, its checks' states and incidents (Postgres), their daily rollup (ClickHouse). */
export interface PublicStatusSources {
  store: Pick<ConfigRepositories, 'statusPages' | 'checks' | 'incidents'>;
  results: Pick<CheckResultRepository, 'days'>;
}

/**
 * A status page as the public reads it (docs/checks.md, Status pages), built from the page's own
 * names only — never a check id, target, host or (unless the page shows causes) error text. A
 * chosen check deleted since leaves the page. Time is an input: the bars end with the UTC day of `now`.
 */
export class PublicStatusReader {
  constructor(private readonly sources: PublicStatusSources) {}

  /** The page at `slug`, or null when there is none (or its project is being deleted). */
  async read(slug: string, now: number): Promise<PublicStatusPage | null> {
    const page = await this.sources.store.statusPages.findBySlug(slug);
    return page === null ? null : this.build(page, now);
  }

  private async build(page: StatusPageRecord, now: number): Promise<PublicStatusPage> {
    const { store, results } = this.sources;
    const checks = new Map((await store.checks.findManyWithState(page.projectId, page.components.map((component) => component.checkId))).map((check) => [check.id, check]));
    const components = page.components.filter((component) => checks.has(component.checkId));
    const ids = components.map((component) => component.checkId);
    const days = lastUtcDays(now, STATUS_PAGE_DAYS);
    const from = Date.parse(`${days[0]}T00:00:00.000Z`);
    const rollup = await runInLane('interactive', () => results.days(page.projectId, ids, { from, to: now }));
    const incidents = await store.incidents.list(page.projectId, { from: now - RECENT_INCIDENT_DAYS * DAY_MS, to: now, checkIds: ids, limit: 200 });
    const names = new Map(components.map((component) => [component.checkId, component.name]));
    const shown = components.map((component) => {
      const counts = rollup.filter((row) => row.checkId === component.checkId);
      const state = checks.get(component.checkId)?.state.status ?? 'pending';
      return { name: component.name, group: component.group, status: componentStatus(state), uptime: overallUptime(counts, days), days: dayBars(days, counts) };
    });
    const publicIncident = (incident: IncidentRecord): PublicStatusIncident => ({
      component: names.get(incident.checkId) ?? '',
      severity: incident.severity,
      startedAt: incident.startedAt.toISOString(),
      endedAt: incident.endedAt?.toISOString() ?? null,
      durationMs: incident.endedAt === null ? null : incident.endedAt.getTime() - incident.startedAt.getTime(),
      ...(page.showCauses ? { cause: incident.cause } : {}),
    });
    return {
      title: page.title,
      description: page.description,
      status: pageStatus(shown.map((component) => component.status)),
      generatedAt: new Date(now).toISOString(),
      components: shown,
      incidents: {
        open: incidents.filter((incident) => incident.endedAt === null).map(publicIncident),
        recent: incidents.filter((incident) => incident.endedAt !== null).slice(0, RECENT_INCIDENTS).map(publicIncident),
      },
      notes: page.notes
        .filter((note) => note.endsAt === null || note.endsAt.getTime() > now)
        .map((note) => ({ title: note.title, body: note.body, severity: note.severity, startsAt: note.startsAt.toISOString(), endsAt: note.endsAt?.toISOString() ?? null })),
    };
  }
}
