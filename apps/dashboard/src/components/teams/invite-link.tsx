'use client';

import type { CreateInviteResponse } from '@vigil/contracts';
import { formatKeyTime } from '../../lib/api-keys';
import { SecretField } from '../common/secret-field';

/** The invitation link just made, this once: it holds the secret, and Vigil keeps only its hash. */
export function InviteLink({ created, onDismiss }: { created: CreateInviteResponse; onDismiss(): void }) {
  return (
    <section className="card secret-card" role="status" data-testid="new-invite" data-invite-id={created.invite.id}>
      <h2>
        {created.invite.email} is invited as {created.invite.role}
      </h2>
      <p className="secret-warning" data-testid="new-invite-warning">
        {created.emailed ? 'The link was e-mailed to them. ' : ''}
        <strong>{created.emailed ? 'You can also pass it on yourself: ' : 'Send them this link — you will not see it again. '}</strong>
        It works once, until {formatKeyTime(created.invite.expiresAt)}.
      </p>
      <SecretField secret={created.url} label="Invitation link" testIds={{ input: 'new-invite-url', copy: 'copy-invite', status: 'copy-invite-status' }} />
      <button type="button" onClick={onDismiss} data-testid="dismiss-invite">
        Done
      </button>
    </section>
  );
}
