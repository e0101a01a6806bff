import { migrateDatabase, type MigrateOptions } from './migrate/migrate-database';
import { closePrismaClient, createPrismaClient, type PrismaClient, type PrismaExecutor } from './prisma-client';
import { AlertInstanceRepository } from './repositories/alerting/alert-instance.repository';
import { AlertRuleRepository } from './repositories/alerting/alert-rule.repository';
import { DeliveryRepository } from './repositories/alerting/delivery.repository';
import { MaintenanceWindowRepository } from './repositories/alerting/maintenance-window.repository';
import { NotificationChannelRepository } from './repositories/alerting/notification-channel.repository';
import { NotificationGroupRepository } from './repositories/alerting/notification-group.repository';
import { NotificationPolicyRepository } from './repositories/alerting/notification-policy.repository';
import { SilenceRepository } from './repositories/alerting/silence.repository';
import { CheckRepository } from './repositories/checks/check.repository';
import { CheckStateRepository } from './repositories/checks/check-state.repository';
import { FailoverGroupRepository } from './repositories/checks/failover-group.repository';
import { IncidentRepository } from './repositories/checks/incident.repository';
import { StatusPageRepository } from './repositories/checks/status-page.repository';
import { SloRepository } from './repositories/slo.repository';
import { ApiKeyRepository, type ApiKeyScope } from './repositories/api-key.repository';
import { AuditRecordRepository } from './repositories/audit-record.repository';
import { InviteRepository } from './repositories/invite.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { OrganizationRepository } from './repositories/organization.repository';
import { ProjectRepository } from './repositories/project.repository';
import { SessionRepository } from './repositories/session.repository';
import { UserRepository } from './repositories/user.repository';

/** How long a transaction may wait for a connection, and run in all (ms). */
export const TRANSACTION_LIMITS = { maxWait: 5_000, timeout: 15_000 };

/** The repositories, bound to the client or to one transaction. */
export interface ConfigRepositories {
  organizations: OrganizationRepository;
  projects: ProjectRepository;
  apiKeys: ApiKeyRepository;
  users: UserRepository;
  memberships: MembershipRepository;
  sessions: SessionRepository;
  invites: InviteRepository;
  auditRecords: AuditRecordRepository;
  alertRules: AlertRuleRepository;
  alertInstances: AlertInstanceRepository;
  channels: NotificationChannelRepository;
  policies: NotificationPolicyRepository;
  notificationGroups: NotificationGroupRepository;
  silences: SilenceRepository;
  maintenanceWindows: MaintenanceWindowRepository;
  deliveries: DeliveryRepository;
  checks: CheckRepository;
  checkStates: CheckStateRepository;
  incidents: IncidentRepository;
  failoverGroups: FailoverGroupRepository;
  slos: SloRepository;
  statusPages: StatusPageRepository;
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
    invites: new InviteRepository(db),
    auditRecords: new AuditRecordRepository(db),
    alertRules: new AlertRuleRepository(db),
    alertInstances: new AlertInstanceRepository(db),
    channels: new NotificationChannelRepository(db),
    policies: new NotificationPolicyRepository(db),
    notificationGroups: new NotificationGroupRepository(db),
    silences: new SilenceRepository(db),
    maintenanceWindows: new MaintenanceWindowRepository(db),
    deliveries: new DeliveryRepository(db),
    checks: new CheckRepository(db),
    checkStates: new CheckStateRepository(db),
    incidents: new IncidentRepository(db),
    failoverGroups: new FailoverGroupRepository(db),
    slos: new SloRepository(db),
    statusPages: new StatusPageRepository(db),
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
  readonly invites: InviteRepository;
  readonly auditRecords: AuditRecordRepository;
  readonly alertRules: AlertRuleRepository;
  readonly alertInstances: AlertInstanceRepository;
  readonly channels: NotificationChannelRepository;
  readonly policies: NotificationPolicyRepository;
  readonly notificationGroups: NotificationGroupRepository;
  readonly silences: SilenceRepository;
  readonly maintenanceWindows: MaintenanceWindowRepository;
  readonly deliveries: DeliveryRepository;
  readonly checks: CheckRepository;
  readonly checkStates: CheckStateRepository;
  readonly incidents: IncidentRepository;
  readonly failoverGroups: FailoverGroupRepository;
  readonly slos: SloRepository;
  readonly statusPages: StatusPageRepository;

  constructor(private readonly client: PrismaClient) {
    const repos = repositoriesOn(client);
    this.organizations = repos.organizations;
    this.projects = repos.projects;
    this.apiKeys = repos.apiKeys;
    this.users = repos.users;
    this.memberships = repos.memberships;
    this.sessions = repos.sessions;
    this.invites = repos.invites;
    this.auditRecords = repos.auditRecords;
    this.alertRules = repos.alertRules;
    this.alertInstances = repos.alertInstances;
    this.channels = repos.channels;
    this.policies = repos.policies;
    this.notificationGroups = repos.notificationGroups;
    this.silences = repos.silences;
    this.maintenanceWindows = repos.maintenanceWindows;
    this.deliveries = repos.deliveries;
    this.checks = repos.checks;
    this.checkStates = repos.checkStates;
    this.incidents = repos.incidents;
    this.failoverGroups = repos.failoverGroups;
    this.slos = repos.slos;
    this.statusPages = repos.statusPages;
  }

  /**
   * Runs `work` in one transaction: everything it does through `repos` commits or none of it.
   * Prisma's defaults (2 s to get a connection, 5 s for the whole transaction, wall time) were
   * exceeded on a machine whose event loop was busy between the statements (an SLO created while
   * the recorder counted history: a 500). A transaction that still runs out of time is rolled back
   * and answered 503 with Retry-After (`isDatabaseBusyError`).
   */
  runInTransaction<T>(work: (repos: ConfigRepositories) => Promise<T>): Promise<T> {
    return this.client.$transaction((tx) => work(repositoriesOn(tx)), TRANSACTION_LIMITS);
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
