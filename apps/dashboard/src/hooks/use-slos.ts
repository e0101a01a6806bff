'use client';

import { canConfigureAlerting } from '../lib/alerts-access';
import { checksHref } from '../lib/checks-api';
import { slosHref } from '../lib/slos-api';
import { useSession } from './use-session';

export interface SlosContext {
  projectId: string;
  /** Editors and above (the `configure` scope, as for alerting); viewers read only. */
  canConfigure: boolean;
  /** A link inside the SLOs section (`''`: the list), keeping the chosen project. */
  href(page: string): string;
  /** A check's page in the Checks section (a check SLI links the check it reads). */
  checkHref(checkId: string): string;
}

export function useSlos(): SlosContext {
  const { user, projectId } = useSession();
  return {
    projectId,
    canConfigure: canConfigureAlerting(user, projectId),
    href: (page) => slosHref(page, projectId, user.projects.length > 1),
    checkHref: (checkId) => checksHref(encodeURIComponent(checkId), projectId, user.projects.length > 1),
  };
}
