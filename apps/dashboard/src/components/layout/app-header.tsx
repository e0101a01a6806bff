'use client';

import type { SessionUser } from '@vigil/contracts';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { apiSend } from '../../lib/api-client';
import { ProjectSwitcher } from './project-switcher';

const NAV = [
  { href: '/', label: 'Overview', active: (path: string) => path === '/' || path.startsWith('/services/') },
  { href: '/metrics', label: 'Metrics', active: (path: string) => path.startsWith('/metrics') },
  { href: '/logs', label: 'Logs', active: (path: string) => path.startsWith('/logs') },
  { href: '/alerts/rules', label: 'Alerts', active: (path: string) => path.startsWith('/alerts') },
  { href: '/slos', label: 'SLOs', active: (path: string) => path.startsWith('/slos') },
  { href: '/checks', label: 'Checks', active: (path: string) => path.startsWith('/checks') },
  { href: '/reports', label: 'Reports', active: (path: string) => path.startsWith('/reports') },
  { href: '/settings/api-keys', label: 'Settings', active: (path: string) => path.startsWith('/settings') },
] as const;

export interface AppHeaderProps {
  user: SessionUser | undefined;
  projectId: string | undefined;
}

export function AppHeader({ user, projectId }: AppHeaderProps) {
  const pathname = usePathname();
  const [pending, setPending] = useState(false);
  const projectQuery = projectId && (user?.projects.length ?? 0) > 1 ? `?project=${encodeURIComponent(projectId)}` : '';

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
      <Link className="brand" href={`/${projectQuery}`}>
        Vigil
      </Link>
      <nav aria-label="Main" data-testid="main-nav">
        {NAV.map((item) => (
          <Link key={item.href} href={`${item.href}${projectQuery}`} aria-current={item.active(pathname) ? 'page' : undefined}>
            {item.label}
          </Link>
        ))}
      </nav>
      <div className="spacer" />
      {user && projectId ? <ProjectSwitcher user={user} projectId={projectId} /> : null}
      {user ? (
        <Link className="muted" href={`/settings/account${projectQuery}`} data-testid="user-email" title="Your account: password and sessions">
          {user.email}
        </Link>
      ) : null}
      <button type="button" onClick={() => void logout()} disabled={pending}>
        Log out
      </button>
    </header>
  );
}
