'use client';

import { type CreateInviteResponse, inviteListResponseSchema, memberListResponseSchema, projectListResponseSchema } from '@vigil/contracts';
import { useState } from 'react';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { apiJson } from '../../lib/api-client';
import { managesOrganization, organizationRole, ROLE_DESCRIPTIONS } from '../../lib/roles';
import { invitesPath, membersPath, projectsPath } from '../../lib/teams';
import { ErrorBanner, Loading } from '../common/status';
import { InviteForm } from './invite-form';
import { InviteLink } from './invite-link';
import { InvitesTable } from './invites-table';
import { MembersTable } from './members-table';
import { useOrganizationChoice } from './organization-picker';

/**
 * Settings › Members: everyone in the organization sees who is in it and with which role; owners
 * and admins invite people (the link is shown once), change roles (organization-wide, and per
 * project), withdraw invitations and remove members (whose sessions end at once). The API keeps
 * the last owner; its refusal is shown where it was asked for.
 */
export function MembersSettings() {
  const { user, reload: reloadSession } = useSession();
  const { organizationId, picker } = useOrganizationChoice();
  const manages = managesOrganization(user, organizationId);
  const members = useApiResource(`members:${organizationId}`, (signal) => apiJson(membersPath(organizationId), memberListResponseSchema, { signal }));
  const projects = useApiResource(`projects:${organizationId}`, (signal) => apiJson(projectsPath(organizationId), projectListResponseSchema, { signal }));
  const invites = useApiResource(manages ? `invites:${organizationId}` : null, (signal) => apiJson(invitesPath(organizationId), inviteListResponseSchema, { signal }));
  const [created, setCreated] = useState<CreateInviteResponse | undefined>();

  return (
    <>
      <div className="page-title">
        <h1>Members</h1>
        {picker}
      </div>
      <dl className="role-legend muted small" data-testid="role-legend">
        {Object.entries(ROLE_DESCRIPTIONS).map(([role, description]) => (
          <div key={role}>
            <dt>{role}</dt>
            <dd>{description}</dd>
          </div>
        ))}
      </dl>
      {!manages ? (
        <p className="muted read-only-note" data-testid="members-read-only">
          You are {organizationRole(user, organizationId) ?? 'not a member'} here: only owners and admins invite people and change roles.
        </p>
      ) : null}
      {created ? <InviteLink created={created} onDismiss={() => setCreated(undefined)} /> : null}
      {manages && projects.data ? (
        <InviteForm
          organizationId={organizationId}
          actorRole={organizationRole(user, organizationId)}
          projects={projects.data.projects}
          onCreated={(response) => {
            setCreated(response);
            invites.reload();
          }}
        />
      ) : null}
      {members.error ? <ErrorBanner error={members.error} onRetry={members.reload} /> : null}
      {members.loading ? <Loading what="members" testId="members-loading" /> : null}
      {members.data && projects.data ? (
        <MembersTable
          organizationId={organizationId}
          members={members.data.members}
          projects={projects.data.projects}
          onChanged={(userId) => {
            members.reload();
            if (userId === user.id) reloadSession();
          }}
        />
      ) : null}
      {manages && invites.data && invites.data.invites.length > 0 ? <InvitesTable organizationId={organizationId} invites={invites.data.invites} onWithdrawn={invites.reload} /> : null}
      {invites.error ? <ErrorBanner error={invites.error} onRetry={invites.reload} /> : null}
    </>
  );
}
