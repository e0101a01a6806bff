'use client';

import { projectSettingsResponseSchema } from '@vigil/contracts';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { apiJson } from '../../lib/api-client';
import { can } from '../../lib/roles';
import { projectSettingsPath } from '../../lib/project-settings';
import { ErrorBanner, Loading } from '../common/status';
import { ProjectSettingsForm } from './project-settings-form';

/**
 * Settings → Project: the project's retention and ingest limits. Anyone with read access sees
 * them; only owners and admins change them (the form is read-only for others, and the API's 403
 * is shown should one come back anyway).
 */
export function ProjectSettings() {
  const { projectId, user } = useSession();
  const loaded = useApiResource(`project-settings:${projectId}`, (signal) => apiJson(projectSettingsPath(projectId), projectSettingsResponseSchema, { signal }));
  return (
    <>
      <div className="page-title">
        <h1>Retention and ingest limits</h1>
      </div>
      <p className="muted">
        How long this project keeps its data, and the limits ingest applies to what is sent. Each limit has a default; override it here for this project
        alone, for example to accept a backfill of older data or a metric with many series.
      </p>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading ? <Loading what="project settings" testId="project-settings-loading" /> : null}
      {/* Keyed by project so a new project's settings start a fresh form. */}
      {loaded.data ? <ProjectSettingsForm key={projectId} projectId={projectId} loaded={loaded.data} readOnly={!can(user, projectId, 'admin')} /> : null}
    </>
  );
}
