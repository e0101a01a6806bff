import type { ConfigStore, ProjectRecord } from '@vigil/config-store';

/**
 * Where Vigil's own metrics go: a project of their own in the first organization, so they never
 * count against an application project's limits, share its retention, or crowd its Overview, and
 * its members (the organization's) see Vigil as a service there. Found by slug, so a rename keeps
 * it; a deleted one is created again at the next start (docs/operations.md).
 */
export const SELF_MONITORING_PROJECT = { name: 'Vigil (self-monitoring)', slug: 'vigil-self-monitoring' } as const;

/** The self-monitoring project in the oldest organization (the one the first start made), created when missing. */
export async function ensureSelfMonitoringProject(store: Pick<ConfigStore, 'organizations' | 'projects'>): Promise<ProjectRecord> {
  const organization = await store.organizations.findFirst();
  if (!organization) throw new Error('self-monitoring needs an organization, and there is none yet (the first start creates one)');
  return store.projects.ensure({ organizationId: organization.id, ...SELF_MONITORING_PROJECT });
}
