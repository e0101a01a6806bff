import { projectQuery, sectionHref } from './section-href';

/**
 * Paths of the checks and failover API (docs/checks.md), each naming the project, and links inside
 * the dashboard's Checks section that keep the chosen project.
 */

type Query = Record<string, string | number | undefined>;
const at = (base: string, projectId: string, query: Query = {}) => `${base}?${projectQuery(projectId, query)}`;
const id = (value: string) => encodeURIComponent(value);

export const checksPath = (projectId: string, query: Query = {}) => at('/api/v1/checks', projectId, query);
export const checkPath = (projectId: string, checkId: string, sub = '', query: Query = {}) => at(`/api/v1/checks/${id(checkId)}${sub ? `/${sub}` : ''}`, projectId, query);
/** The daily rollup of many checks in one request (the list's bars). */
export const checkDaysPath = (projectId: string, checkIds: readonly string[], from: number, to: number) => at('/api/v1/checks/days', projectId, { ids: checkIds.join(','), from, to });
/** The newest result per region of many checks in one request (the list's last latency, a check's regions). */
export const checkLatestPath = (projectId: string, checkIds: readonly string[]) => at('/api/v1/checks/latest', projectId, { ids: checkIds.join(',') });
export const failoverGroupsPath = (projectId: string) => at('/api/v1/failover-groups', projectId);
export const failoverGroupPath = (projectId: string, groupId: string, sub = '') => at(`/api/v1/failover-groups/${id(groupId)}${sub ? `/${sub}` : ''}`, projectId);
export const channelsPath = (projectId: string) => at('/api/v1/notification-channels', projectId);

/** A link inside the Checks section (`''` is the list; `failover-groups/…` the groups). */
export function checksHref(page: string, projectId: string, multipleProjects: boolean): string {
  return sectionHref('/checks', page, projectId, multipleProjects);
}
