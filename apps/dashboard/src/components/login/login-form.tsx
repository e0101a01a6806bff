'use client';

import { loginRequestSchema, sessionUserSchema } from '@vigil/contracts';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ApiError, apiJson, safeNextPath } from '../../lib/api-client';

export function LoginForm({ next }: { next: string | undefined }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = loginRequestSchema.safeParse({ email: email.trim(), password });
    if (!parsed.success) {
      setError('Enter your email address and password.');
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      await apiJson('/api/v1/auth/login', sessionUserSchema, { method: 'POST', json: parsed.data, onUnauthorized: 'throw' });
      router.replace(safeNextPath(next));
      router.refresh();
    } catch (caught) {
      setError(describeLoginError(caught));
      setPending(false);
    }
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={(event) => void submit(event)} noValidate>
        <h1 className="brand">Vigil</h1>
        <p className="muted">Sign in to your observability dashboard.</p>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required autoFocus value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {error ? (
          <p className="alert" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function describeLoginError(caught: unknown): string {
  if (!(caught instanceof ApiError)) return 'Sign-in failed unexpectedly. Try again.';
  const { detail } = caught.problem;
  // The API's 429 detail usually names the wait already; Retry-After is the fallback.
  if (caught.status === 429 && !/try again/i.test(detail)) {
    const wait = caught.retryAfterSeconds;
    return `${detail} ${wait !== undefined ? `Try again in ${formatWait(wait)}.` : 'Try again later.'}`;
  }
  return detail;
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
