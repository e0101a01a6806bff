'use client';

import { type Member, type MemberRoleName, memberSchema, type Project } from '@vigil/contracts';
import { useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useSession } from '../../hooks/use-session';
import { apiJson, apiSend } from '../../lib/api-client';
import { formatKeyTime } from '../../lib/api-keys';
import { assignableRoles, organizationRole } from '../../lib/roles';
import { membersPath } from '../../lib/teams';
import { ConfirmButton } from '../common/confirm-button';
import { ErrorBanner } from '../common/status';
import { ProjectRolesEditor, type ProjectRoleRow } from './project-roles-editor';
import { TableCard } from '../common/table-card';

/** The project roles a PATCH sends: every row's role, and null for each project no longer listed. */
function projectRoleChanges(member: Member, rows: readonly ProjectRoleRow[]): Record<string, ProjectRoleRow['role'] | null> {
  const kept = rows.filter((row) => row.projectId !== '');
  const changes: Record<string, ProjectRoleRow['role'] | null> = Object.fromEntries(member.projectRoles.map((one) => [one.projectId, null]));
  for (const row of kept) changes[row.projectId] = row.role;
  return changes;
}

/**
 * The members, each with their organization role (a select for those who may change it: owners
 * for everyone, admins for all but owners), their project roles, and Remove (Leave for oneself).
 */
export function MembersTable({ organizationId, members, projects, onChanged }: { organizationId: string; members: readonly Member[]; projects: readonly Project[]; onChanged(userId: string): void }) {
  const { user } = useSession();
  const actorRole = organizationRole(user, organizationId);
  const action = useAction();
  const [editing, setEditing] = useState<{ userId: string; rows: ProjectRoleRow[] } | undefined>();
  const names = new Map(projects.map((project) => [project.id, project.name]));

  const mayChange = (member: Member) => assignableRoles(actorRole).length > 0 && (actorRole === 'owner' || member.role !== 'owner');

  async function patch(member: Member, json: { role?: MemberRoleName; projectRoles?: Record<string, ProjectRoleRow['role'] | null> }) {
    const updated = await action.run(`update:${member.id}`, () => apiJson(membersPath(organizationId, member.id), memberSchema, { method: 'PATCH', json }));
    if (updated) {
      setEditing(undefined);
      onChanged(member.id);
    }
  }

  async function remove(member: Member) {
    const done = await action.run(`remove:${member.id}`, () => apiSend(membersPath(organizationId, member.id), { method: 'DELETE' }).then(() => true));
    if (!done) return;
    // Leaving signs you out of this organization's projects: start afresh.
    if (member.id === user.id) window.location.assign('/');
    else onChanged(member.id);
  }

  return (
    <>
      {action.error ? <ErrorBanner error={action.error} /> : null}
      <TableCard className="members-table" testId="members-table" columns={['Member', 'Role', 'Project roles', 'Joined']} actions>
        {members.map((member) => (
          <tr key={member.id} data-testid="member-row" data-user-id={member.id} data-email={member.email}>
            <th scope="row">
              <span data-testid="member-email">{member.email}</span>
              {member.name ? <span className="block small muted">{member.name}</span> : null}
              {member.id === user.id ? <span className="badge small">you</span> : null}
            </th>
            <td>
              {mayChange(member) ? (
                <select
                  aria-label={`Role of ${member.email}`}
                  data-testid="member-role-select"
                  value={member.role}
                  disabled={action.pending !== undefined}
                  onChange={(event) => void patch(member, { role: event.target.value as MemberRoleName })}
                >
                  {[...new Set([member.role, ...assignableRoles(actorRole)])].map((role) => (
                    <option key={role} value={role}>
                      {role}
                    </option>
                  ))}
                </select>
              ) : (
                <span data-testid="member-role">{member.role}</span>
              )}
            </td>
            <td>
              {editing?.userId === member.id ? (
                <div>
                  <ProjectRolesEditor projects={projects} rows={editing.rows} onChange={(rows) => setEditing({ userId: member.id, rows })} testId="member-project-roles" />
                  <span className="button-row">
                    <button type="button" className="primary" data-testid="save-project-roles" disabled={action.pending !== undefined} onClick={() => void patch(member, { projectRoles: projectRoleChanges(member, editing.rows) })}>
                      Save
                    </button>
                    <button type="button" onClick={() => setEditing(undefined)}>
                      Cancel
                    </button>
                  </span>
                </div>
              ) : (
                <span data-testid="member-project-roles-summary">
                  {member.projectRoles.length === 0 ? <span className="muted">{member.role === 'owner' ? 'every project' : 'organization role everywhere'}</span> : member.projectRoles.map((one) => `${one.role} in ${names.get(one.projectId) ?? one.projectId}`).join(', ')}
                  {mayChange(member) && member.role !== 'owner' ? (
                    <button type="button" className="link-button" data-testid="edit-project-roles" onClick={() => setEditing({ userId: member.id, rows: member.projectRoles.map((one) => ({ projectId: one.projectId, role: one.role === 'owner' ? 'admin' : one.role })) })}>
                      Edit
                    </button>
                  ) : null}
                </span>
              )}
            </td>
            <td>{formatKeyTime(member.joinedAt)}</td>
            <td className="actions">
              {member.id === user.id ? (
                <ConfirmButton label="Leave" confirmLabel="Leave organization" message="You lose access to its projects at once." busy={action.pending !== undefined} onConfirm={() => void remove(member)} testId="leave-organization" />
              ) : mayChange(member) ? (
                <ConfirmButton label="Remove" confirmLabel="Remove member" message="They lose access at once, and their sessions end." busy={action.pending !== undefined} onConfirm={() => void remove(member)} testId="remove-member" />
              ) : null}
            </td>
          </tr>
        ))}
      </TableCard>
    </>
  );
}
