'use client';

import { type PublicStatusComponent, type PublicStatusIncident, type PublicStatusPage as Page, publicStatusPageSchema } from '@vigil/contracts';
import { useEffect } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { apiJson } from '../../lib/api-client';
import { formatDuration } from '../../lib/durations';
import { COMPONENT_STATUS_TEXT, NOTE_SEVERITY_TEXT, PAGE_STATUS_TEXT, barLabel, barTone, groupComponents, publicStatusApiPath, statusPageUptime } from '../../lib/status-page';
import { ErrorBanner, Loading } from '../common/status';

/** The page follows the checks: read again every minute (the API's answer is cached for 30 s). */
const REFRESH_MS = 60_000;

const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A project's public status page: the headline, each component's state and 90 daily bars,
 * incidents (open, then recent) and the team's notes. Everything comes from the public API,
 * which shows only the page's own names; nothing here needs a session.
 */
export function PublicStatusPage({ slug }: { slug: string }) {
  const loaded = useApiResource(`status:${slug}`, (signal) => apiJson(publicStatusApiPath(slug), publicStatusPageSchema, { signal }), REFRESH_MS);
  return (
    <main className="status-public" data-testid="status-page">
      {loaded.loading ? <Loading what="the status" /> : null}
      {loaded.error && !loaded.data ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.data ? <StatusContent page={loaded.data} /> : null}
    </main>
  );
}

function StatusContent({ page }: { page: Page }) {
  useEffect(() => {
    document.title = page.title;
  }, [page.title]);
  return (
    <>
      <h1>{page.title}</h1>
      {page.description ? <p className="muted">{page.description}</p> : null}
      <div className={`status-headline is-${page.status}`} data-testid="status-headline">
        {PAGE_STATUS_TEXT[page.status]}
      </div>
      {page.notes.length > 0 ? (
        <section aria-label="Notes" data-testid="status-notes">
          {page.notes.map((note) => (
            <article key={`${note.startsAt}:${note.title}`} className="card status-note">
              <h3>
                {note.severity ? <span className={`badge badge-note-${note.severity}`}>{NOTE_SEVERITY_TEXT[note.severity]}</span> : null} {note.title}
              </h3>
              <span className="small muted">
                {when(note.startsAt)}
                {note.endsAt ? ` – ${when(note.endsAt)}` : ''}
              </span>
              {note.body ? <p>{note.body}</p> : null}
            </article>
          ))}
        </section>
      ) : null}
      {page.incidents.open.length > 0 ? <Incidents title="Ongoing incidents" incidents={page.incidents.open} testId="status-open-incidents" /> : null}
      {groupComponents(page.components).map(({ group, components }) => (
        <section key={group || '(none)'} className="status-group" aria-label={group || 'Components'}>
          {group ? <h2>{group}</h2> : null}
          {components.map((component) => (
            <ComponentRow key={component.name} component={component} />
          ))}
        </section>
      ))}
      {page.components.length === 0 ? <p className="muted">This page shows no components yet.</p> : null}
      <Incidents title="Past incidents (30 days)" incidents={page.incidents.recent} testId="status-recent-incidents" empty="No incidents in the last 30 days." />
      <p className="status-footer">Updated {when(page.generatedAt)} · Powered by Vigil</p>
    </>
  );
}

function ComponentRow({ component }: { component: PublicStatusComponent }) {
  return (
    <article className="card status-component" data-testid="status-component" data-name={component.name} data-status={component.status}>
      <div className="status-component-head">
        <strong>{component.name}</strong>
        <span className="small muted">{statusPageUptime(component.uptime)} uptime</span>
        <span className={`status-state-${component.status}`}>{COMPONENT_STATUS_TEXT[component.status]}</span>
      </div>
      <div className="status-bars" role="list" aria-label={`${component.name}, last ${component.days.length} days`}>
        {component.days.map((day) => (
          <span key={day.date} role="listitem" tabIndex={0} className={`status-bar bar-${barTone(day)}`} title={barLabel(day)} aria-label={barLabel(day)} data-date={day.date} data-tone={barTone(day)} />
        ))}
      </div>
      <div className="status-bars-legend">
        <span>{component.days.length} days ago</span>
        <span>Today</span>
      </div>
    </article>
  );
}

function Incidents({ title, incidents, testId, empty }: { title: string; incidents: readonly PublicStatusIncident[]; testId: string; empty?: string }) {
  return (
    <section aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {incidents.length === 0 && empty ? <p className="muted">{empty}</p> : null}
      {incidents.map((incident) => (
        <article key={`${incident.component}:${incident.startedAt}`} className="card status-incident" data-testid="status-incident">
          <h3>
            {incident.component} {incident.endedAt === null ? 'is' : 'was'} {incident.severity}
          </h3>
          <span className="small muted">
            {incident.endedAt === null ? 'Since' : 'From'} {when(incident.startedAt)}
            {incident.durationMs !== null ? ` for ${formatDuration(incident.durationMs / 1000)}` : ''}
          </span>
          {incident.cause ? <p className="small">{incident.cause}</p> : null}
        </article>
      ))}
    </section>
  );
}
