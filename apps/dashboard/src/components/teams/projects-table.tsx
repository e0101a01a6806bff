'use client';

import { deleteProjectResponseSchema, type Project, type ProjectListResponse, projectSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useSession } from '../../hooks/use-session';
import { apiJson, asApiError, type ApiError } from '../../lib/api-client';
import { formatKeyTime } from '../../lib/api-keys';
import { can } from '../../lib/roles';
import { projectPath } from '../../lib/teams';
import { ErrorBanner } from '../common/status';
import { TableCard } from '../common/table-card';

/**
 * The projects with rename (project admins) and delete with the name typed to confirm
 * (organization owners and admins), and below them those still being deleted.
 */
export function ProjectsTable({
  projects,
  deleting,
  canDelete,
  onRenamed,
  onDeleted,
}: {
  projects: readonly Project[];
  deleting: ProjectListResponse['deleting'];
  canDelete: boolean;
  onRenamed(project: Project): void;
  onDeleted(project: Project): void;
}) {
  const { user, projectId } = useSession();
  const [renaming, setRenaming] = useState<{ id: string; name: string } | undefined>();
  const [confirming, setConfirming] = useState<{ id: string; typed: string } | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const action = useAction();

  async function rename(project: Project, name: string) {
    setError(undefined);
    try {
      const renamed = await apiJson(projectPath(project.id), projectSchema, { method: 'PATCH', json: { name } });
      setRenaming(undefined);
      onRenamed(renamed);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  async function remove(project: Project, confirm: string) {
    const result = await action.run(`delete:${project.id}`, () => apiJson(projectPath(project.id), deleteProjectResponseSchema, { method: 'DELETE', json: { confirm } }));
    if (result) {
      setConfirming(undefined);
      onDeleted(project);
    }
  }

  if (projects.length === 0 && deleting.length === 0) {
    return (
      <section className="card empty" data-testid="projects-empty">
        <h2>No projects</h2>
        <p className="muted">This organization has no project yet.</p>
      </section>
    );
  }
  return (
    <>
      {error ? <ErrorBanner error={error} /> : null}
      {action.error ? <ErrorBanner error={action.error} /> : null}
      <TableCard className="projects-table" testId="projects-table" columns={['Name', 'Slug', 'Your role', 'Created']} actions>
        {projects.map((project) => (
          <tr key={project.id} data-testid="project-row" data-project-id={project.id}>
            <th scope="row">
              {renaming?.id === project.id ? (
                <form
                  className="inline-fields"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void rename(project, renaming.name);
                  }}
                >
                  <input aria-label="New name" data-testid="rename-project-name" maxLength={100} value={renaming.name} onChange={(event) => setRenaming({ id: project.id, name: event.target.value })} />
                  <button type="submit" className="primary" data-testid="rename-project-save">
                    Save
                  </button>
                  <button type="button" onClick={() => setRenaming(undefined)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <>
                  <span data-testid="project-name">{project.name}</span>
                  {project.id === projectId ? <span className="badge badge-active small">current</span> : null}
                </>
              )}
            </th>
            <td className="mono">{project.slug}</td>
            <td data-testid="project-role">{project.role ?? '—'}</td>
            <td>{formatKeyTime(project.createdAt)}</td>
            <td className="actions">
              {confirming?.id === project.id ? (
                <span className="confirm" role="group" aria-label={`Delete ${project.name}?`} data-testid="delete-project-confirmation">
                  <span className="small">
                    Its telemetry, API keys and configuration are removed for good. Type <strong>{project.name}</strong> to confirm:
                  </span>
                  <input aria-label="Project name" data-testid="delete-project-typed" value={confirming.typed} onChange={(event) => setConfirming({ id: project.id, typed: event.target.value })} />
                  <button
                    type="button"
                    className="danger solid"
                    data-testid="delete-project-confirm"
                    disabled={confirming.typed !== project.name || action.pending !== undefined}
                    onClick={() => void remove(project, confirming.typed)}
                  >
                    {action.pending === `delete:${project.id}` ? 'Deleting…' : 'Delete project'}
                  </button>
                  <button type="button" onClick={() => setConfirming(undefined)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <span className="button-row">
                  <a className="button" href={`/?project=${encodeURIComponent(project.id)}`} data-testid="open-project">
                    Open
                  </a>
                  {can(user, project.id, 'admin') ? (
                    <button type="button" data-testid="rename-project" onClick={() => setRenaming({ id: project.id, name: project.name })}>
                      Rename
                    </button>
                  ) : null}
                  {canDelete ? (
                    <button type="button" className="danger" data-testid="delete-project" onClick={() => setConfirming({ id: project.id, typed: '' })}>
                      Delete
                    </button>
                  ) : null}
                </span>
              )}
            </td>
          </tr>
        ))}
        {deleting.map((project) => (
          <tr key={project.id} className="revoked" data-testid="deleting-project-row" data-project-id={project.id}>
            <th scope="row">{project.name}</th>
            <td colSpan={3} className="muted">
              Being deleted since {formatKeyTime(project.since)}: its telemetry, keys and configuration are being removed.
            </td>
            <td className="actions">
              <span className="badge badge-pending">deleting…</span>
            </td>
          </tr>
        ))}
      </TableCard>
    </>
  );
}
