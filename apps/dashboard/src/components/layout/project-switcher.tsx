'use client';

import type { SessionUser } from '@vigil/contracts';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { managesOrganization } from '../../lib/roles';
import { projectsByOrganization, settingsHref, switchProjectHref } from '../../lib/teams';

/**
 * The current project, and every other one the person can open, under their organizations. Picking
 * one reloads the page for it (metric names, services and filters belong to the old project);
 * owners and admins also get "New project" and everyone "All projects" (Settings › Projects).
 */
export function ProjectSwitcher({ user, projectId }: { user: SessionUser; projectId: string }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const current = user.projects.find((project) => project.id === projectId);
  const groups = projectsByOrganization(user).filter((group) => group.projects.length > 0 || managesOrganization(user, group.id));
  const canCreate = user.organizations.some((organization) => managesOrganization(user, organization.id));

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="project-switcher" ref={root} data-testid="project-switcher">
      <button type="button" aria-haspopup="true" aria-expanded={open} data-testid="project-switcher-button" onClick={() => setOpen((value) => !value)}>
        <span className="muted small">Project</span> <strong data-testid="current-project">{current?.name ?? '—'}</strong> <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div className="switcher-menu" role="menu" data-testid="project-switcher-menu">
          {groups.map((group) => (
            <div key={group.id} className="switcher-group" role="group" aria-label={group.name}>
              {user.organizations.length > 1 ? <p className="switcher-organization small muted">{group.name}</p> : null}
              {group.projects.map((project) => (
                <a
                  key={project.id}
                  role="menuitem"
                  href={switchProjectHref(pathname, project.id)}
                  aria-current={project.id === projectId ? 'true' : undefined}
                  data-testid="switch-project"
                  data-project-id={project.id}
                >
                  <span>{project.name}</span> <span className="small muted">{project.role}</span>
                </a>
              ))}
              {group.projects.length === 0 ? <p className="small muted switcher-empty">No projects yet.</p> : null}
            </div>
          ))}
          <div className="switcher-actions">
            {canCreate ? (
              <Link role="menuitem" href={`${settingsHref('projects', projectId)}#new-project`} data-testid="switcher-new-project" onClick={() => setOpen(false)}>
                New project…
              </Link>
            ) : null}
            <Link role="menuitem" href={settingsHref('projects', projectId)} data-testid="switcher-all-projects" onClick={() => setOpen(false)}>
              All projects
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}
