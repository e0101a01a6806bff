'use client';

import { type CreateInviteResponse, createInviteResponseSchema, type MemberRoleName, type Project } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { apiJson } from '../../lib/api-client';
import { placeProblem } from '../../lib/form-errors';
import { assignableRoles } from '../../lib/roles';
import { checkInvite, type InviteDraft, type InviteFormErrors, invitesPath } from '../../lib/teams';
import { FieldError, invalidProps } from '../common/field-error';
import { ErrorBanner } from '../common/status';
import { ProjectRolesEditor } from './project-roles-editor';

const EMPTY: InviteDraft = { email: '', role: 'viewer', projectRoles: [] };
const FIELDS = ['email', 'role', 'projectRoles'] as const;

/** Invite by e-mail with an organization role and, optionally, other roles in some projects. */
export function InviteForm({ organizationId, actorRole, projects, onCreated }: { organizationId: string; actorRole: MemberRoleName | undefined; projects: readonly Project[]; onCreated(response: CreateInviteResponse): void }) {
  const [draft, setDraft] = useState<InviteDraft>(EMPTY);
  const [errors, setErrors] = useState<InviteFormErrors>({});
  const action = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkInvite(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    const response = await action.run('invite', () => apiJson(invitesPath(organizationId), createInviteResponseSchema, { method: 'POST', json: checked.request }));
    if (response) {
      setDraft(EMPTY);
      onCreated(response);
    }
  }

  const placed = action.error ? placeProblem(action.error.problem, FIELDS) : undefined;
  const fieldErrors: InviteFormErrors = { ...errors, ...placed?.fields };
  return (
    <form className="card invite-form" onSubmit={(event) => void submit(event)} noValidate data-testid="invite-form">
      <h2>Invite someone</h2>
      {/* A refusal that names a field is shown there (a member already, a foreign project); anything else here. */}
      {action.error && Object.keys(placed?.fields ?? {}).length === 0 ? <ErrorBanner error={action.error} /> : null}
      <div className="inline-fields">
        <label className="grow">
          E-mail
          <input name="email" type="email" data-testid="invite-email" placeholder="name@example.com" value={draft.email} onChange={(event) => setDraft({ ...draft, email: event.target.value })} {...invalidProps('invite-email-error', fieldErrors.email)} />
          <FieldError id="invite-email-error" message={fieldErrors.email} />
        </label>
        <label>
          Role
          <select data-testid="invite-role" value={draft.role} onChange={(event) => setDraft({ ...draft, role: event.target.value as MemberRoleName })}>
            {assignableRoles(actorRole).map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          <FieldError id="invite-role-error" message={fieldErrors.role} />
        </label>
      </div>
      <ProjectRolesEditor projects={projects} rows={draft.projectRoles} onChange={(projectRoles) => setDraft({ ...draft, projectRoles })} testId="invite-project-roles" />
      <FieldError id="invite-project-roles-error" message={fieldErrors.projectRoles} />
      <div>
        <button type="submit" className="primary" disabled={action.pending !== undefined} data-testid="send-invite">
          {action.pending ? 'Inviting…' : 'Create invitation link'}
        </button>
      </div>
    </form>
  );
}
