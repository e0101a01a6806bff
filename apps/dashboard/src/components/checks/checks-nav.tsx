'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useChecks } from '../../hooks/use-checks';
import { useSession } from '../../hooks/use-session';

/** The Checks section's breadcrumb and tabs (checks, failover groups); viewers are told why they see no write controls. */
export function ChecksNav() {
  const { user, projectId } = useSession();
  const { href, canConfigure } = useChecks();
  const pathname = usePathname();
  const project = user.projects.find((one) => one.id === projectId);
  const groups = pathname.startsWith('/checks/failover-groups');
  return (
    <>
      <p className="breadcrumb">
        Checks{project ? ` · ${project.name}` : ''}
        {canConfigure ? null : (
          <span className="read-only-note" data-testid="checks-read-only">
            {' '}
            · read only: changing checks and failover groups needs the editor role or above
          </span>
        )}
      </p>
      <nav aria-label="Checks" className="settings-nav alerts-nav" data-testid="checks-nav">
        <Link href={href('')} aria-current={groups ? undefined : 'page'}>
          Uptime checks
        </Link>
        <Link href={href('failover-groups')} aria-current={groups ? 'page' : undefined} data-testid="failover-groups-tab">
          Failover groups
        </Link>
      </nav>
    </>
  );
}
