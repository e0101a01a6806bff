import { Inject, Injectable } from '@nestjs/common';
import type { IncidentRecord, StatusPageRecord } from '@vigil/config-store';
import { type PublicStatusIncident, type PublicStatusPage, STATUS_PAGE_DAYS, STATUS_PAGE_SLUG_PATTERN } from '@vigil/contracts';
import { componentStatus, dayBars, lastUtcDays, overallUptime, pageStatus } from '@vigil/probing';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { DomainError } from '@vigil/server-kit';
import { CheckResultRepository, runInLane } from '@vigil/telemetry-store';
import { TtlCache } from './ttl-cache';

/** How long one process reuses a page's answer (and browsers and CDNs may keep it: Cache-Control max-age). */
export const PUBLIC_STATUS_TTL_SECONDS = 30;
/** Recent (ended) incidents listed: those of the last 30 days, at most 20. */
const RECENT_INCIDENT_DAYS = 30;
const RECENT_INCIDENTS = 20;
const DAY_MS = 86_400_000;

function unknownPage(): DomainError {
  return new DomainError('NOT_FOUND', 'There is no status page at this address.');
}

/**
 * The public answer of a status page: read from Postgres (states, incidents, notes) and the
 * daily rollup (90 bars), built from the page's own names only — never a check id, target,
 * host or (unless the page shows causes) error text. Cached per slug for 30 s in each process
 * with one computation shared by concurrent requests, so anonymous traffic costs one rollup read
 * per page per 30 s however many people look.
 */
@Injectable()
export class PublicStatusPageService {
  private readonly cache = new TtlCache<PublicStatusPage>(PUBLIC_STATUS_TTL_SECONDS * 1_000, 1_000);
  private readonly results: CheckResultRepository;

  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {
    this.results = new CheckResultRepository(runtime.telemetry);
  }

  async read(slug: string): Promise<PublicStatusPage> {
    if (!STATUS_PAGE_SLUG_PATTERN.test(slug)) throw unknownPage();
    const now = Date.now();
    return this.cache.get(slug, now, async () => {
      const page = await this.runtime.store.statusPages.findBySlug(slug);
      if (page === null) throw unknownPage();
      return this.build(page, now);
    });
  }

  /** Drops this process's cached answer (the page was changed here). */
  forget(slug: string): void {
    this.cache.forget(slug);
  }

  private async build(page: StatusPageRecord, now: number): Promise<PublicStatusPage> {
    const checks = new Map((await this.runtime.store.checks.findManyWithState(page.projectId, page.components.map((component) => component.checkId))).map((check) => [check.id, check]));
    // A chosen check deleted since simply leaves the page.
    const components = page.components.filter((component) => checks.has(component.checkId));
    const ids = components.map((component) => component.checkId);
    const days = lastUtcDays(now, STATUS_PAGE_DAYS);
    const from = Date.parse(`${days[0]}T00:00:00.000Z`);
    const rollup = await runInLane('interactive', () => this.results.days(page.projectId, ids, { from, to: now }));
    const incidents = await this.runtime.store.incidents.list(page.projectId, { from: now - RECENT_INCIDENT_DAYS * DAY_MS, to: now, checkIds: ids, limit: 200 });
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
