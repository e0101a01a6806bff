import type { Principal } from '@vigil/auth';
import type { ConfigStore } from '@vigil/config-store';

/** Who made a change, as people read it: a person's e-mail, or `API key "<name>"`. */
export async function principalName(store: ConfigStore, principal: Principal, projectId: string): Promise<string> {
  if (principal.kind === 'user') return (await store.users.findById(principal.userId))?.email ?? `user ${principal.userId}`;
  const key = (await store.apiKeys.listForProject(projectId)).find((one) => one.id === principal.keyId);
  return key ? `API key "${key.name}"` : `API key ${principal.keyId}`;
}
