'use client';

import { type AccountSession, accountSessionListResponseSchema, changePasswordRequestSchema } from '@vigil/contracts';
import { type FormEvent, useState } from 'react';
import { useAction } from '../../hooks/use-action';
import { useApiResource } from '../../hooks/use-api-resource';
import { useSession } from '../../hooks/use-session';
import { apiJson, apiSend } from '../../lib/api-client';
import { formatKeyTime } from '../../lib/api-keys';
import { placeErrors, placeProblem } from '../../lib/form-errors';
import { accountSessionsPath } from '../../lib/teams';
import { FieldError, invalidProps } from '../common/field-error';
import { FormActions } from '../common/form-actions';
import { ConfirmButton } from '../common/confirm-button';
import { ErrorBanner, Loading } from '../common/status';
import { TableCard } from '../common/table-card';

const PASSWORD_FIELDS = ['currentPassword', 'newPassword'] as const;
type PasswordField = (typeof PASSWORD_FIELDS)[number] | 'confirm';

/** Settings › Account: your password, and the sessions signed in as you (ending any, this one included). */
export function AccountSettings() {
  const { user } = useSession();
  const sessions = useApiResource('account-sessions', (signal) => apiJson(accountSessionsPath(), accountSessionListResponseSchema, { signal }));
  return (
    <>
      <div className="page-title">
        <h1>Your account</h1>
      </div>
      <p className="muted">
        Signed in as <strong>{user.email}</strong>
        {user.name ? ` (${user.name})` : ''}.
      </p>
      <PasswordForm onChanged={sessions.reload} />
      <h2 className="section-title">Sessions</h2>
      <p className="muted small">Every browser signed in as you. End any you do not recognise; changing your password ends all but this one.</p>
      {sessions.error ? <ErrorBanner error={sessions.error} onRetry={sessions.reload} /> : null}
      {sessions.loading ? <Loading what="sessions" testId="sessions-loading" /> : null}
      {sessions.data ? <SessionsTable sessions={sessions.data.sessions} onEnded={sessions.reload} /> : null}
    </>
  );
}

function PasswordForm({ onChanged }: { onChanged(): void }) {
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [notice, setNotice] = useState('');
  const action = useAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice('');
    const parsed = changePasswordRequestSchema.safeParse({ currentPassword: values.currentPassword, newPassword: values.newPassword });
    const own: Partial<Record<PasswordField, string>> = values.confirm === values.newPassword ? {} : { confirm: 'Does not match the new password.' };
    const schema = parsed.success ? {} : placeErrors(parsed.error.issues, PASSWORD_FIELDS).fields;
    if (!parsed.success || Object.keys(own).length > 0) {
      setErrors({ ...schema, ...own });
      return;
    }
    setErrors({});
    const done = await action.run('password', () => apiSend('/api/v1/account/password', { method: 'POST', json: parsed.data }).then(() => true));
    if (done) {
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
      setNotice('Password changed. Your other sessions have ended.');
      onChanged();
    }
  }

  const placed = action.error ? placeProblem(action.error.problem, PASSWORD_FIELDS).fields : {};
  const shown = { ...errors, ...placed };
  const field = (name: PasswordField, label: string, autoComplete: string) => (
    <label>
      {label}
      <input
        type="password"
        name={name}
        autoComplete={autoComplete}
        data-testid={`password-${name}`}
        value={values[name]}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        {...invalidProps(`password-${name}-error`, shown[name])}
      />
      <FieldError id={`password-${name}-error`} message={shown[name]} />
    </label>
  );
  return (
    <form className="card password-form" onSubmit={(event) => void submit(event)} noValidate data-testid="password-form">
      <h2>Change your password</h2>
      {action.error && Object.keys(placed).length === 0 ? <ErrorBanner error={action.error} /> : null}
      <div className="inline-fields">
        {field('currentPassword', 'Current password', 'current-password')}
        {field('newPassword', 'New password (12 characters or more)', 'new-password')}
        {field('confirm', 'New password again', 'new-password')}
      </div>
      <FormActions submitLabel="Change password" pendingLabel="Changing…" submitTestId="change-password" busy={action.pending !== undefined} status={notice} statusTestId="password-status" />
    </form>
  );
}

function SessionsTable({ sessions, onEnded }: { sessions: readonly AccountSession[]; onEnded(): void }) {
  const action = useAction();

  async function end(session: AccountSession) {
    const done = await action.run(session.id, () => apiSend(accountSessionsPath(session.id), { method: 'DELETE' }).then(() => true));
    if (!done) return;
    if (session.current) window.location.assign('/login');
    else onEnded();
  }

  return (
    <>
      {action.error ? <ErrorBanner error={action.error} /> : null}
      <TableCard testId="sessions-table" columns={['Browser', 'Address', 'Signed in', 'Last used']} actions>
        {sessions.map((session) => (
          <tr key={session.id} data-testid="session-row" data-session-id={session.id} data-current={session.current ? 'true' : undefined}>
            <th scope="row" className="session-agent" title={session.userAgent ?? undefined}>
              {session.userAgent ?? 'unknown'} {session.current ? <span className="badge badge-active">this session</span> : null}
            </th>
            <td className="mono">{session.address ?? '—'}</td>
            <td>{formatKeyTime(session.createdAt)}</td>
            <td>{formatKeyTime(session.lastSeenAt ?? session.createdAt)}</td>
            <td className="actions">
              <ConfirmButton
                label={session.current ? 'Sign out' : 'End'}
                confirmLabel={session.current ? 'Sign out here' : 'End session'}
                message={session.current ? 'You will have to sign in again.' : 'That browser is signed out at once.'}
                busy={action.pending !== undefined}
                onConfirm={() => void end(session)}
                testId="end-session"
              />
            </td>
          </tr>
        ))}
      </TableCard>
    </>
  );
}
