'use client';

import { acceptInviteRequestSchema, type InviteLookupResponse, inviteLookupResponseSchema, newPasswordSchema, sessionUserSchema } from '@vigil/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { type ApiError, apiJson, asApiError } from '../../lib/api-client';
import { formatKeyTime } from '../../lib/api-keys';
import { FieldError, invalidProps } from '../common/field-error';

type Field = 'name' | 'password' | 'confirm';

/**
 * Accepting an invitation: the token comes from the link's fragment (never sent to a server by
 * the browser, so it stays out of logs), is looked up to say what it is for, and is accepted with
 * a new password — or, for an e-mail that has an account, its password. Used, withdrawn,
 * expired and mistyped links say so.
 */
export function InviteAcceptance() {
  const [token, setToken] = useState<string | undefined>();
  const [invite, setInvite] = useState<InviteLookupResponse | undefined>();
  const [failure, setFailure] = useState<ApiError | undefined>();
  const [values, setValues] = useState({ name: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const fromLink = window.location.hash.slice(1);
    setToken(fromLink);
    if (fromLink === '') return;
    apiJson('/api/v1/invites/lookup', inviteLookupResponseSchema, { method: 'POST', json: { token: fromLink }, onUnauthorized: 'throw' }).then(setInvite, (caught: unknown) => setFailure(asApiError(caught)));
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!invite || !token) return;
    const own: Partial<Record<Field, string>> = {};
    if (!invite.accountExists) {
      const password = newPasswordSchema.safeParse(values.password);
      if (!password.success) own.password = `Password ${password.error.issues[0]?.message ?? 'is not valid'}.`;
      else if (values.confirm !== values.password) own.confirm = 'Does not match the password.';
    } else if (values.password === '') own.password = 'Enter your password.';
    if (Object.keys(own).length > 0) {
      setErrors(own);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const request = acceptInviteRequestSchema.parse({ token, password: values.password, ...(values.name.trim() === '' ? {} : { name: values.name.trim() }) });
      await apiJson('/api/v1/invites/accept', sessionUserSchema, { method: 'POST', json: request, onUnauthorized: 'throw' });
      // Signed in: the link has done its work, and should not stay in the history.
      window.history.replaceState(null, '', '/invite');
      window.location.assign('/');
    } catch (caught) {
      const apiError = asApiError(caught);
      // A wrong or refused password, or too many tries: said under the password, the form stays.
      const passwordProblem = apiError.status === 401 || apiError.status === 429 || apiError.problem.errors?.some((one) => one.path === 'password');
      if (passwordProblem) setErrors({ password: apiError.status === 401 ? 'This is not the password of that account.' : apiError.problem.detail });
      else setFailure(apiError);
      setPending(false);
    }
  }

  return (
    <main className="login">
      <div className="card login-card" data-testid="invite-page">
        <h1 className="brand">Vigil</h1>
        {token === '' ? (
          <p className="alert" role="alert" data-testid="invite-error">
            This page opens from an invitation link. Use the whole link you were sent.
          </p>
        ) : null}
        {failure ? (
          <>
            <p className="alert" role="alert" data-testid="invite-error">
              {failure.problem.detail}
            </p>
            <a href="/login">Sign in instead</a>
          </>
        ) : null}
        {!invite && !failure && token ? <p className="muted loading">Reading the invitation…</p> : null}
        {invite && !failure ? (
          <form className="login-card-form" onSubmit={(event) => void submit(event)} noValidate data-testid="invite-form">
            <p data-testid="invite-summary">
              Join <strong>{invite.organizationName}</strong> as <strong>{invite.role}</strong>.
            </p>
            <p className="muted small">
              For {invite.email}; the link works once, until {formatKeyTime(invite.expiresAt)}.
            </p>
            {invite.accountExists ? (
              <p className="muted small">You have an account: enter its password to join.</p>
            ) : (
              <label>
                Your name (optional)
                <input name="name" autoComplete="name" data-testid="invite-name" value={values.name} onChange={(event) => setValues({ ...values, name: event.target.value })} />
              </label>
            )}
            <label>
              {invite.accountExists ? 'Password' : 'Choose a password (12 characters or more)'}
              <input
                name="password"
                type="password"
                autoComplete={invite.accountExists ? 'current-password' : 'new-password'}
                data-testid="invite-password"
                value={values.password}
                onChange={(event) => setValues({ ...values, password: event.target.value })}
                {...invalidProps('invite-password-error', errors.password)}
              />
              <FieldError id="invite-password-error" message={errors.password} />
            </label>
            {invite.accountExists ? null : (
              <label>
                The password again
                <input name="confirm" type="password" autoComplete="new-password" data-testid="invite-confirm" value={values.confirm} onChange={(event) => setValues({ ...values, confirm: event.target.value })} {...invalidProps('invite-confirm-error', errors.confirm)} />
                <FieldError id="invite-confirm-error" message={errors.confirm} />
              </label>
            )}
            <button type="submit" className="primary" disabled={pending} data-testid="accept-invite">
              {pending ? 'Joining…' : 'Join'}
            </button>
          </form>
        ) : null}
      </div>
    </main>
  );
}
