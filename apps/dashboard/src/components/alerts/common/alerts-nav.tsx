'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useAlerting } from '../../../hooks/use-alerting';
import { useSession } from '../../../hooks/use-session';

const TABS = [
  { page: 'rules', label: 'Rules' },
  { page: 'active', label: 'Active alerts' },
  { page: 'history', label: 'History' },
  { page: 'channels', label: 'Channels' },
  { page: 'policies', label: 'Policies' },
  { page: 'silences', label: 'Silences' },
  { page: 'maintenance', label: 'Maintenance windows' },
  { page: 'deliveries', label: 'Deliveries' },
] as const;

/** The Alerts section's breadcrumb and tabs; the tab of the page (or of its parent, for a rule's page) is marked. */
export function AlertsNav() {
  const { user, projectId } = useSession();
  const { href, canConfigure } = useAlerting();
  const pathname = usePathname();
  const project = user.projects.find((one) => one.id === projectId);
  return (
    <>
      <p className="breadcrumb">
        Alerts{project ? ` · ${project.name}` : ''}
        {canConfigure ? null : (
          <span className="read-only-note" data-testid="alerts-read-only">
            {' '}
            · read only: changing alerting needs the editor role or above
          </span>
        )}
      </p>
      <nav aria-label="Alerts" className="settings-nav alerts-nav" data-testid="alerts-nav">
        {TABS.map((tab) => (
          <Link key={tab.page} href={href(tab.page)} aria-current={pathname.startsWith(`/alerts/${tab.page}`) ? 'page' : undefined}>
            {tab.label}
          </Link>
        ))}
      </nav>
    </>
  );
}
