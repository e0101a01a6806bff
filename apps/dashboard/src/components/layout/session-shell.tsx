'use client';

import { sessionUserSchema } from '@vigil/contracts';
import { type ReactNode, useMemo } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { SessionContext } from '../../hooks/use-session';
import { apiJson } from '../../lib/api-client';
import { ErrorBanner, Loading } from '../common/status';
import { AppHeader } from './app-header';
import { NoProject } from './no-project';

/**
 * Every signed-in page: loads the session once, shows the header, and renders the page only
 * when a project is known, so pages never handle "who is this" themselves. The project comes
 * from `?project=` when the person is a member, else their first one.
 */
export function SessionShell({ children }: { children: ReactNode }) {
  const session = useApiResource('me', (signal) => apiJson('/api/v1/auth/me', sessionUserSchema, { signal }));
  const user = session.data;
  const projectId = useMemo(() => {
    if (!user) return undefined;
    const wanted = new URLSearchParams(window.location.search).get('project');
    return user.projects.find((project) => project.id === wanted)?.id ?? user.projects[0]?.id;
  }, [user]);
  const reload = session.reload;
  const context = useMemo(() => (user && projectId ? { user, projectId, reload } : undefined), [user, projectId, reload]);

  return (
    <>
      <AppHeader user={user} projectId={projectId} />
      {session.error ? (
        <main className="page">
          <ErrorBanner error={session.error} onRetry={session.reload} />
        </main>
      ) : null}
      {session.loading ? (
        <main className="page">
          <Loading what="your projects" />
        </main>
      ) : null}
      {user && !projectId ? <NoProject user={user} /> : null}
      {context ? (
        <SessionContext.Provider value={context}>
          {children}
        </SessionContext.Provider>
      ) : null}
    </>
  );
}
