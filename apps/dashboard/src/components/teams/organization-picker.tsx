'use client';

import { useState } from 'react';
import { useSession } from '../../hooks/use-session';
import { organizationOf } from '../../lib/roles';

/**
 * The organization an organization-level page (projects, members, audit log) is about: the current
 * project's, or another of the person's, chosen with the picker shown when they have several.
 */
export function useOrganizationChoice(): { organizationId: string; picker: React.ReactNode } {
  const { user, projectId } = useSession();
  const [organizationId, setOrganizationId] = useState(organizationOf(user, projectId) ?? user.organizations[0]?.id ?? '');
  const picker =
    user.organizations.length > 1 ? (
      <label className="inline-label">
        Organization
        <select data-testid="organization-picker" value={organizationId} onChange={(event) => setOrganizationId(event.target.value)}>
          {user.organizations.map((organization) => (
            <option key={organization.id} value={organization.id}>
              {organization.name}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  return { organizationId, picker };
}
