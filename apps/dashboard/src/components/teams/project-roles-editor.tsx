'use client';

import type { Project } from '@vigil/contracts';

type ProjectRole = 'admin' | 'editor' | 'viewer';
export interface ProjectRoleRow {
  projectId: string;
  role: ProjectRole;
}

/**
 * Rows of "in project X, role Y" that override the organization role there (never owner: owners
 * own every project). A row whose project is not chosen yet is left out when sending.
 */
export function ProjectRolesEditor({ projects, rows, onChange, testId }: { projects: readonly Project[]; rows: readonly ProjectRoleRow[]; onChange(rows: ProjectRoleRow[]): void; testId: string }) {
  const update = (index: number, row: ProjectRoleRow) => onChange(rows.map((one, at) => (at === index ? row : one)));
  return (
    <fieldset className="project-roles" data-testid={testId}>
      <legend>Other roles in some projects (optional)</legend>
      {rows.map((row, index) => (
        <div key={index} className="inline-fields" data-testid="project-role-row">
          <select aria-label="Project" data-testid="project-role-project" value={row.projectId} onChange={(event) => update(index, { ...row, projectId: event.target.value })}>
            <option value="">Choose a project…</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
          <select aria-label="Role in the project" data-testid="project-role-role" value={row.role} onChange={(event) => update(index, { ...row, role: event.target.value as ProjectRole })}>
            <option value="admin">admin</option>
            <option value="editor">editor</option>
            <option value="viewer">viewer</option>
          </select>
          <button type="button" onClick={() => onChange(rows.filter((_one, at) => at !== index))} aria-label="Remove this project role">
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="link-button" data-testid="add-project-role" onClick={() => onChange([...rows, { projectId: '', role: 'editor' }])}>
        + Add a project role
      </button>
    </fieldset>
  );
}
