'use client';

import { checkListResponseSchema, statusPageListResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { apiJson } from '../../lib/api-client';
import { can } from '../../lib/roles';
import { statusPagesPath } from '../../lib/status-page';
import { ErrorBanner, Loading } from '../common/status';
import { StatusPageEditor } from './status-page-editor';
import { StatusPageNotes } from './status-page-notes';

/** The checks a page can choose from: the API's largest page of checks (500). */
const checksPath = (projectId: string): string => `/api/v1/checks?${new URLSearchParams({ project: projectId, limit: '500' }).toString()}`;

/**
 * Settings → Status page: the project's public status pages (usually one). Create one, choose and
 * name its checks, post notes, open it as the public sees it. Editors and above change them;
 * viewers read the configuration only.
 */
export function StatusPageSettings() {
  const { projectId, user } = useSession();
  const pages = useApiResource(`status-pages:${projectId}`, (signal) => apiJson(statusPagesPath(projectId), statusPageListResponseSchema, { signal }));
  const checks = useApiResource(`status-page-checks:${projectId}`, (signal) => apiJson(checksPath(projectId), checkListResponseSchema, { signal }));
  const [chosen, setChosen] = useState<string | 'new' | undefined>();
  const readOnly = !can(user, projectId, 'configure');
  const list = pages.data?.statusPages ?? [];
  const current = chosen === 'new' ? undefined : (list.find((page) => page.id === chosen) ?? list[0]);
  const creating = chosen === 'new' || (pages.data !== undefined && list.length === 0);

  return (
    <>
      <div className="page-title">
        <h1>Status page</h1>
        {!readOnly && list.length > 0 && !creating ? (
          <button type="button" onClick={() => setChosen('new')} data-testid="new-status-page">
            New status page
          </button>
        ) : null}
      </div>
      <p className="muted">
        A public page for your customers: the checks you choose, under names you choose, with their state, 90 daily uptime bars, incidents and your notes.
        It shows no targets, addresses or error texts (unless you choose to show incident causes), and anyone with its link can open it without signing in.
      </p>
      {readOnly ? (
        <p className="muted read-only-note" data-testid="status-page-read-only">
          Only editors, admins and owners change status pages; you can read their configuration.
        </p>
      ) : null}
      {pages.error ? <ErrorBanner error={pages.error} onRetry={pages.reload} /> : null}
      {checks.error ? <ErrorBanner error={checks.error} onRetry={checks.reload} /> : null}
      {pages.loading || checks.loading ? <Loading what="status pages" testId="status-pages-loading" /> : null}
      {list.length > 1 ? (
        <nav className="button-row" aria-label="Status pages">
          {list.map((page) => (
            <button key={page.id} type="button" aria-pressed={page.id === current?.id && !creating} onClick={() => setChosen(page.id)}>
              {page.title}
            </button>
          ))}
        </nav>
      ) : null}
      {pages.data && checks.data ? (
        creating && readOnly ? (
          <p className="muted">This project has no status page.</p>
        ) : (
          <StatusPageEditor
            // A new page, or another page, starts a fresh form.
            key={creating ? 'editor:new' : `editor:${current?.id ?? ''}`}
            projectId={projectId}
            page={creating ? undefined : current}
            checks={checks.data.checks}
            readOnly={readOnly}
            onSaved={(id) => {
              setChosen(id);
              pages.reload();
            }}
            onDeleted={() => {
              setChosen(undefined);
              pages.reload();
            }}
          />
        )
      ) : null}
      {current && !creating ? <StatusPageNotes key={`notes:${current.id}`} projectId={projectId} page={current} readOnly={readOnly} onChanged={pages.reload} /> : null}
    </>
  );
}
