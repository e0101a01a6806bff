'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSession } from '../../hooks/use-session';

/** The tabs: the current project's own settings, its organization's, and the person's own. */
const TABS = [
  { href: '/settings/api-keys', label: 'API keys' },
  { href: '/settings/project', label: 'Project' },
  { href: '/settings/status-page', label: 'Status page' },
  { href: '/settings/projects', label: 'Projects' },
  { href: '/settings/members', label: 'Members' },
  { href: '/settings/audit', label: 'Audit log' },
  { href: '/settings/account', label: 'Account' },
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
          <Link key={tab.href} href={`${tab.href}${projectQuery}`} aria-current={pathname === tab.href || pathname.startsWith(`${tab.href}/`) ? 'page' : undefined}>
            {tab.label}
          </Link>
        ))}
      </nav>
    </>
  );
}
