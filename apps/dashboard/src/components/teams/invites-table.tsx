'use client';

import type { Invite } from '@vigil/contracts';
import { useAction } from '../../hooks/use-action';
import { apiSend } from '../../lib/api-client';
import { formatKeyTime } from '../../lib/api-keys';
import { invitesPath } from '../../lib/teams';
import { ConfirmButton } from '../common/confirm-button';
import { ErrorBanner } from '../common/status';
import { TableCard } from '../common/table-card';

/** Invitations not used yet: who, which role, by whom, until when; withdrawing one stops its link. */
export function InvitesTable({ organizationId, invites, onWithdrawn }: { organizationId: string; invites: readonly Invite[]; onWithdrawn(): void }) {
  const action = useAction();

  async function withdraw(invite: Invite) {
    if (await action.run(invite.id, () => apiSend(invitesPath(organizationId, invite.id), { method: 'DELETE' }).then(() => true))) onWithdrawn();
  }

  return (
    <>
      <h2 className="section-title">Invitations</h2>
      {action.error ? <ErrorBanner error={action.error} /> : null}
      <TableCard testId="invites-table" columns={['E-mail', 'Role', 'Invited by', 'Link works until']} actions>
        {invites.map((invite) => (
          <tr key={invite.id} data-testid="invite-row" data-invite-id={invite.id} data-status={invite.status}>
            <th scope="row">{invite.email}</th>
            <td>{invite.role}</td>
            <td>{invite.invitedBy ?? '—'}</td>
            <td>
              {formatKeyTime(invite.expiresAt)} {invite.status === 'expired' ? <span className="badge badge-error">expired</span> : null}
            </td>
            <td className="actions">
              <ConfirmButton label="Withdraw" confirmLabel="Withdraw invitation" message="Its link stops working." busy={action.pending !== undefined} onConfirm={() => void withdraw(invite)} testId="withdraw-invite" />
            </td>
          </tr>
        ))}
      </TableCard>
    </>
  );
}
