import { generateApiKey, generatePassword, hashPassword } from '@vigil/auth';
import type { ConfigStore } from '@vigil/config-store';

export interface InitialCredentials {
  adminEmail: string;
  /** Undefined when the password came from VIGIL_ADMIN_PASSWORD: the operator knows it already. */
  adminPassword: string | undefined;
  projectId: string;
  projectName: string;
  ingestKey: string;
}

/**
 * On the first start (no users yet) creates an organization, a default project, the admin
 * (owner) and an ingest API key, in one transaction. Later starts create nothing, but a set
 * VIGIL_ADMIN_PASSWORD resets the admin's password — the documented way to recover access.
 */
export async function ensureInitialTenant(
  store: ConfigStore,
  admin: { email: string; password: string | undefined },
): Promise<InitialCredentials | undefined> {
  if ((await store.users.count()) > 0) {
    if (admin.password !== undefined) {
      const existing = await store.users.findByEmail(admin.email);
      if (existing) await store.users.updatePasswordHash(existing.id, await hashPassword(admin.password));
    }
    return undefined;
  }
  const password = admin.password ?? generatePassword();
  const key = generateApiKey();
  const tenant = await store.createInitialTenant({
    organizationName: 'Default organization',
    projectName: 'Default project',
    projectSlug: 'default',
    user: { email: admin.email, name: 'Admin', passwordHash: await hashPassword(password) },
    apiKey: { name: 'Default ingest key', prefix: key.prefix, hash: key.hash, scopes: ['ingest'] },
  });
  return {
    adminEmail: admin.email,
    adminPassword: admin.password === undefined ? password : undefined,
    projectId: tenant.projectId,
    projectName: 'Default project',
    ingestKey: key.key,
  };
}
