'use client';

import type { SessionUser } from '@vigil/contracts';
import { managesOrganization } from '../../lib/roles';
import { CreateProjectForm } from '../teams/create-project-form';

/**
 * A person with no project to open: owners and admins create one here (a fresh organization, or
 * after deleting the last); others are told whom to ask.
 */
export function NoProject({ user }: { user: SessionUser }) {
  const managed = user.organizations.find((organization) => managesOrganization(user, organization.id));
  return (
    <main className="page" data-testid="no-project">
      {managed ? (
        <>
          <p className="muted">{managed.name} has no project yet. Create one to send it data and configure it.</p>
          <CreateProjectForm organizationId={managed.id} onCreated={(project) => window.location.assign(`/?project=${encodeURIComponent(project.id)}`)} />
        </>
      ) : (
        <p className="card">You are not a member of any project yet. Ask an owner or admin of your organization to invite you.</p>
      )}
    </main>
  );
}
