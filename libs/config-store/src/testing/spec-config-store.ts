import { randomUUID } from 'node:crypto';
import { type ConfigStore, openConfigStore } from '../config-store';
import { createDatabaseCopy, type DatabaseCopy } from '../postgres/databases';

/** A config store on its own copy of the migrated template database, for one int spec file. */
export interface SpecConfigStore {
  store: ConfigStore;
  database: DatabaseCopy;
  /** A new project (id) in a new organization, with a unique slug. */
  newProject(): Promise<string>;
  /** Closes the store and drops its database. */
  close(): Promise<void>;
}

/**
 * What this lib's int specs open in `beforeAll` (their global setup provides the template). Not
 * @vigil/testing's createTestDatabase: that lib depends on this one, and lint forbids the reverse.
 */
export async function openSpecConfigStore(adminUrl: string, templateDatabase: string): Promise<SpecConfigStore> {
  const database = await createDatabaseCopy(adminUrl, templateDatabase);
  let store: ConfigStore;
  try {
    store = await openConfigStore(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    store,
    database,
    newProject: async () => {
      const organization = await store.organizations.create({ name: 'Acme' });
      return (await store.projects.create({ organizationId: organization.id, name: 'Shop', slug: `p-${randomUUID().slice(0, 8)}` })).id;
    },
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}
