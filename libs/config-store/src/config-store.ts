import { migrateDatabase, type MigrateOptions } from './migrate/migrate-database';
import { closePrismaClient, createPrismaClient, type PrismaClient, type PrismaExecutor } from './prisma-client';
import { ApiKeyRepository, type ApiKeyScope } from './repositories/api-key.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { OrganizationRepository } from './repositories/organization.repository';
import { ProjectRepository } from './repositories/project.repository';
import { SessionRepository } from './repositories/session.repository';
import { UserRepository } from './repositories/user.repository';

/** The repositories, bound to the client or to one transaction. */
export interface ConfigRepositories {
  organizations: OrganizationRepository;
  projects: ProjectRepository;
  apiKeys: ApiKeyRepository;
  users: UserRepository;
  memberships: MembershipRepository;
  sessions: SessionRepository;
}

export interface InitialTenantInput {
  organizationName: string;
  projectName: string;
  projectSlug: string;
  user: { email: string; name?: string | null; passwordHash: string };
  apiKey: { name: string; prefix: string; hash: string; scopes: readonly ApiKeyScope[] };
}

export interface InitialTenant {
  organizationId: string;
  projectId: string;
  userId: string;
  apiKeyId: string;
}

function repositoriesOn(db: PrismaExecutor): ConfigRepositories {
  return {
    organizations: new OrganizationRepository(db),
    projects: new ProjectRepository(db),
    apiKeys: new ApiKeyRepository(db),
    users: new UserRepository(db),
    memberships: new MembershipRepository(db),
    sessions: new SessionRepository(db),
  };
}

/** Vigil's configuration in Postgres: one Prisma client and the repositories over it. */
export class ConfigStore implements ConfigRepositories {
  readonly organizations: OrganizationRepository;
  readonly projects: ProjectRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly users: UserRepository;
  readonly memberships: MembershipRepository;
  readonly sessions: SessionRepository;

  constructor(private readonly client: PrismaClient) {
    const repos = repositoriesOn(client);
    this.organizations = repos.organizations;
    this.projects = repos.projects;
    this.apiKeys = repos.apiKeys;
    this.users = repos.users;
    this.memberships = repos.memberships;
    this.sessions = repos.sessions;
  }

  /** Runs `work` in one transaction: everything it does through `repos` commits or none of it. */
  runInTransaction<T>(work: (repos: ConfigRepositories) => Promise<T>): Promise<T> {
    return this.client.$transaction((tx) => work(repositoriesOn(tx)));
  }

  /** The first start's organization, project, owner and API key, atomically. */
  createInitialTenant(input: InitialTenantInput): Promise<InitialTenant> {
    return this.runInTransaction(async (repos) => {
      const organization = await repos.organizations.create({ name: input.organizationName });
      const project = await repos.projects.create({ organizationId: organization.id, name: input.projectName, slug: input.projectSlug });
      const user = await repos.users.create(input.user);
      await repos.memberships.create({ userId: user.id, organizationId: organization.id, role: 'owner' });
      const apiKey = await repos.apiKeys.create({ projectId: project.id, ...input.apiKey });
      return { organizationId: organization.id, projectId: project.id, userId: user.id, apiKeyId: apiKey.id };
    });
  }

  /** Readiness probe: resolves when Postgres answers a query. */
  async ping(): Promise<void> {
    await this.client.$queryRaw`SELECT 1`;
  }

  close(): Promise<void> {
    return closePrismaClient(this.client);
  }
}

export interface OpenConfigStoreOptions extends MigrateOptions {
  /** Apply pending migrations first (default true: migrations apply at start-up). */
  migrate?: boolean;
}

/** Applies pending migrations (unless told not to) and opens the store. */
export async function openConfigStore(databaseUrl: string, options: OpenConfigStoreOptions = {}): Promise<ConfigStore> {
  if (options.migrate !== false) await migrateDatabase(databaseUrl, options);
  return new ConfigStore(createPrismaClient(databaseUrl));
}
