'use client';

import { canConfigureAlerting } from '../lib/alerts-access';
import { checksHref } from '../lib/checks-api';
import { useSession } from './use-session';

export interface ChecksContext {
  projectId: string;
  /** Editors and above (the `configure` scope that writes checks and failover groups); viewers read only. */
  canConfigure: boolean;
  /** A link inside the Checks section (`''`: the list), keeping the chosen project. */
  href(page: string): string;
}

export function useChecks(): ChecksContext {
  const { user, projectId } = useSession();
  return {
    projectId,
    canConfigure: canConfigureAlerting(user, projectId),
    href: (page) => checksHref(page, projectId, user.projects.length > 1),
  };
}
