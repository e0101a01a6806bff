/**
 * Paths of the SLO API (docs/slo.md), each naming the project as the alerting API's do, and
 * links inside the dashboard's SLOs section that keep the chosen project.
 */

import { projectQuery, sectionHref } from './section-href';

function path(base: string, projectId: string, query: Record<string, string | number | undefined> = {}): string {
  return `${base}?${projectQuery(projectId, query)}`;
}

export const slosPath = (projectId: string, id?: string) => path(id === undefined ? '/api/v1/slos' : `/api/v1/slos/${encodeURIComponent(id)}`, projectId);
export const sloPreviewPath = (projectId: string) => path('/api/v1/slos/preview', projectId);
export const sloImportPath = (projectId: string) => path('/api/v1/slos/import', projectId);
export const sloPresetsPath = (projectId: string, service: string) => path('/api/v1/slos/presets', projectId, { service });
export const sloOpenSloPath = (projectId: string, id?: string) => path(id === undefined ? '/api/v1/slos/openslo' : `/api/v1/slos/${encodeURIComponent(id)}/openslo`, projectId);

/** `match` is repeated, one label matcher each. */
export function bucketBoundsPath(projectId: string, histogram: string, matchers: readonly string[]): string {
  const params = new URLSearchParams({ project: projectId, histogram });
  for (const matcher of matchers) params.append('match', matcher);
  return `/api/v1/slos/bucket-bounds?${params.toString()}`;
}

/** A link inside the SLOs section (`''` is the list), keeping the project for people in several. */
export function slosHref(page: string, projectId: string, multipleProjects: boolean): string {
  return sectionHref('/slos', page, projectId, multipleProjects);
}
