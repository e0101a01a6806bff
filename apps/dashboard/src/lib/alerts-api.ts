import type { DeliveryStatus } from '@vigil/contracts';

/**
 * Paths of the alerting API, each naming the project (a session may belong to several). Query
 * values are left out when undefined, so the API applies its own defaults.
 */
function path(base: string, projectId: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams({ project: projectId });
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return `${base}?${params.toString()}`;
}

const one = (base: string, id?: string, action?: string) => `${base}${id === undefined ? '' : `/${encodeURIComponent(id)}`}${action === undefined ? '' : `/${action}`}`;

export const alertRulesPath = (projectId: string, id?: string) => path(one('/api/v1/alert-rules', id), projectId);
export const rulePreviewPath = (projectId: string) => path('/api/v1/alert-rules/preview', projectId);
export const channelsPath = (projectId: string, id?: string, action?: 'test' | 'rotate-secret') => path(one('/api/v1/notification-channels', id, action), projectId);
export const policiesPath = (projectId: string, id?: string) => path(one('/api/v1/notification-policies', id), projectId);
export const silencesPath = (projectId: string, id?: string) => path(one('/api/v1/silences', id), projectId);
export const maintenanceWindowsPath = (projectId: string, id?: string) => path(one('/api/v1/maintenance-windows', id), projectId);

export type AlertListState = 'active' | 'firing' | 'pending' | 'all';

export const alertsPath = (projectId: string, query: { state?: AlertListState; ruleId?: string } = {}) => path('/api/v1/alerts', projectId, query);

export const alertEventsPath = (projectId: string, query: { from: number; to: number; ruleId?: string; limit?: number }) => path('/api/v1/alert-events', projectId, query);

export const deliveriesPath = (projectId: string, query: { status?: DeliveryStatus; channelId?: string; limit?: number } = {}) => path('/api/v1/deliveries', projectId, query);

export const redeliverPath = (projectId: string, id: string) => path(one('/api/v1/deliveries', id, 'redeliver'), projectId);

/** Dashboard links inside the Alerts section keep the chosen project, as the header's do. */
export function alertsHref(page: string, projectId: string, multipleProjects: boolean, query: Record<string, string> = {}): string {
  const params = new URLSearchParams(multipleProjects ? { project: projectId, ...query } : query);
  const search = params.toString();
  return `/alerts/${page}${search ? `?${search}` : ''}`;
}
