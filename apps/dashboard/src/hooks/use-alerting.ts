'use client';

import { alertsHref } from '../lib/alerts-api';
import { canConfigureAlerting } from '../lib/alerts-access';
import { useSession } from './use-session';

export interface AlertingContext {
  projectId: string;
  /** Editors and above; viewers see no write controls (the API would answer 403). */
  canConfigure: boolean;
  /** A link inside the Alerts section, keeping the chosen project. */
  href(page: string, query?: Record<string, string>): string;
}

export function useAlerting(): AlertingContext {
  const { user, projectId } = useSession();
  return {
    projectId,
    canConfigure: canConfigureAlerting(user, projectId),
    href: (page, query) => alertsHref(page, projectId, user.projects.length > 1, query),
  };
}
