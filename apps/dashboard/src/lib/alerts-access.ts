import type { SessionUser } from '@vigil/contracts';
import { can } from './roles';

/**
 * Whether the person's role in the project lets them change alerting: the API grants the
 * `configure` scope to editors, admins and owners (libs/auth). Viewers read; the dashboard hides
 * or disables write controls for them, and still shows the API's 403 should one come back.
 */
export function canConfigureAlerting(user: SessionUser, projectId: string): boolean {
  return can(user, projectId, 'configure');
}
