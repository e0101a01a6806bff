'use client';

import Link from 'next/link';
import { useState } from 'react';
import { apiSend } from '../../lib/api-client';

export function AppHeader({ email }: { email: string | undefined }) {
  const [pending, setPending] = useState(false);

  async function logout() {
    setPending(true);
    try {
      await apiSend('/api/v1/auth/logout', { method: 'POST', onUnauthorized: 'throw' });
    } catch {
      // Signed out already, or the API is down: either way the person wants the sign-in page.
    }
    window.location.assign('/login');
  }

  return (
    <header className="app-header">
      <Link className="brand" href="/metrics">
        Vigil
      </Link>
      <nav>
        <Link href="/metrics" aria-current="page">
          Metrics
        </Link>
      </nav>
      <div className="spacer" />
      {email ? (
        <span className="muted" data-testid="user-email">
          {email}
        </span>
      ) : null}
      <button type="button" onClick={() => void logout()} disabled={pending}>
        Log out
      </button>
    </header>
  );
}
