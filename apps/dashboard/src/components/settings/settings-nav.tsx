'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSession } from '../../hooks/use-session';

const TABS = [
  { href: '/settings/api-keys', label: 'API keys' },
  { href: '/settings/project', label: 'Project' },
] as const;

/** The breadcrumb and tabs every settings page starts with; links keep the chosen project, as the header's do. */
export function SettingsNav() {
  const { projectId, user } = useSession();
  const pathname = usePathname();
  const project = user.projects.find((one) => one.id === projectId);
  const projectQuery = user.projects.length > 1 ? `?${new URLSearchParams({ project: projectId }).toString()}` : '';
  return (
    <>
      <p className="breadcrumb">Settings{project ? ` · ${project.name}` : ''}</p>
      <nav aria-label="Settings" className="settings-nav" data-testid="settings-nav">
        {TABS.map((tab) => (
          <Link key={tab.href} href={`${tab.href}${projectQuery}`} aria-current={pathname.startsWith(tab.href) ? 'page' : undefined}>
            {tab.label}
          </Link>
        ))}
      </nav>
    </>
  );
}
