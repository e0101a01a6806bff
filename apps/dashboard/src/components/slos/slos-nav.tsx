'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSession } from '../../hooks/use-session';
import { useSlos } from '../../hooks/use-slos';

/** The SLOs section's breadcrumb and tabs; viewers are told why they see no write controls. */
export function SlosNav() {
  const { user, projectId } = useSession();
  const { href, canConfigure } = useSlos();
  const pathname = usePathname();
  const project = user.projects.find((one) => one.id === projectId);
  const importing = pathname.startsWith('/slos/import');
  return (
    <>
      <p className="breadcrumb">
        SLOs{project ? ` · ${project.name}` : ''}
        {canConfigure ? null : (
          <span className="read-only-note" data-testid="slos-read-only">
            {' '}
            · read only: changing SLOs needs the editor role or above
          </span>
        )}
      </p>
      <nav aria-label="SLOs" className="settings-nav alerts-nav" data-testid="slos-nav">
        <Link href={href('')} aria-current={importing ? undefined : 'page'}>
          Objectives
        </Link>
        {canConfigure ? (
          <Link href={href('import')} aria-current={importing ? 'page' : undefined} data-testid="slos-import-tab">
            Import
          </Link>
        ) : null}
      </nav>
    </>
  );
}
