'use client';

import { type Project, projectListResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { apiJson } from '../../lib/api-client';
import { managesOrganization } from '../../lib/roles';
import { projectsPath } from '../../lib/teams';
import { ErrorBanner, Loading } from '../common/status';
import { CreateProjectForm } from './create-project-form';
import { useOrganizationChoice } from './organization-picker';
import { ProjectsTable } from './projects-table';

/**
 * Settings › Projects: the organization's projects; owners and admins create, rename and delete
 * them (deleting asks for the project's name, typed), admins of a project rename it. The list
 * and the header's project switcher are reloaded after each change.
 */
export function ProjectsSettings() {
  const { user, projectId, reload: reloadSession } = useSession();
  const { organizationId, picker } = useOrganizationChoice();
  const [removing, setRemoving] = useState(false);
  // While a deletion runs, the list is read again every few seconds until it is done.
  const projects = useApiResource(`projects:${organizationId}`, (signal) => apiJson(projectsPath(organizationId), projectListResponseSchema, { signal }), removing ? 3_000 : undefined);
  const stillRemoving = (projects.data?.deleting.length ?? 0) > 0;
  if (stillRemoving !== removing && projects.data) setRemoving(stillRemoving);
  const [notice, setNotice] = useState<{ text: string; project?: Project } | undefined>();
  const manages = managesOrganization(user, organizationId);

  function changed(text: string, project?: Project) {
    setNotice({ text, ...(project ? { project } : {}) });
    projects.reload();
    reloadSession();
  }

  function deleted(project: Project) {
    // The page's own project is gone: start afresh in another (or in none).
    if (project.id === projectId) window.location.assign('/settings/projects');
    else changed(`Deleted ${project.name}. Its telemetry, keys and configuration are being removed.`);
  }

  return (
    <>
      <div className="page-title">
        <h1>Projects</h1>
        {picker}
      </div>
      <p className="muted">
        Each project keeps its own telemetry, API keys, alert rules and settings. Members see every project of the organization with their organization role,
        unless Settings › Members gives them another role in it.
      </p>
      {!manages ? (
        <p className="muted read-only-note" data-testid="projects-read-only">
          Only the organization&apos;s owners and admins create and delete projects.
        </p>
      ) : null}
      {notice ? (
        <p className="card notice" role="status" data-testid="projects-notice">
          {notice.text}
          {notice.project ? (
            <>
              {' '}
              <a href={`/?project=${encodeURIComponent(notice.project.id)}`} data-testid="open-new-project">
                Open it
              </a>{' '}
              or pick it in the project switcher.
            </>
          ) : null}
        </p>
      ) : null}
      {manages ? <CreateProjectForm organizationId={organizationId} onCreated={(project) => changed(`Created ${project.name}.`, project)} /> : null}
      {projects.error ? <ErrorBanner error={projects.error} onRetry={projects.reload} /> : null}
      {projects.loading ? <Loading what="projects" testId="projects-loading" /> : null}
      {projects.data ? (
        <ProjectsTable projects={projects.data.projects} deleting={projects.data.deleting} canDelete={manages} onRenamed={(project) => changed(`Renamed to ${project.name}.`)} onDeleted={deleted} />
      ) : null}
    </>
  );
}
