import { Prisma } from '../generated/prisma/client';
import type { PrismaExecutor } from '../prisma-client';
import type { MemberRole } from './membership.repository';
import { purgeProject } from './project-purge';
import { isUuid } from './uuid';

export interface ProjectRecord {
  id: string;
  organizationId: string;
  name: string;
  slug: string;
  retentionDays: number;
  createdAt: Date;
}

/** What ingest needs to know of a project: how long to keep its data and its limit overrides. */
export interface ProjectIngestSettings {
  retentionDays: number;
  /** Overrides of the ingest limits, as stored (validated by the caller); null = defaults. */
  ingestLimits: Readonly<Record<string, unknown>> | null;
}

export interface ProjectWithRole extends ProjectRecord {
  /** The user's role in this project: their project role where they have one, else their organization role. */
  role: MemberRole;
  /** The user's role in the project's organization. */
  organizationRole: MemberRole;
}

const projectFields = { id: true, organizationId: true, name: true, slug: true, retentionDays: true, createdAt: true } as const;
/** Projects being deleted are gone for everyone: no listing, no access, no ingest. */
const live = { deletingAt: null } as const;

export class ProjectRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(input: { organizationId: string; name: string; slug: string; retentionDays?: number }): Promise<ProjectRecord> {
    return this.db.project.create({ data: input, select: projectFields });
  }

  /**
   * The organization's project with this slug, created when missing. Concurrent callers (replicas
   * starting together) get the same project: the loser of the insert race reads the winner's.
   */
  async ensure(input: { organizationId: string; name: string; slug: string }): Promise<ProjectRecord> {
    const where = { organizationId_slug: { organizationId: input.organizationId, slug: input.slug } };
    try {
      return await this.db.project.upsert({ where, create: input, update: {}, select: projectFields });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      return this.db.project.findUniqueOrThrow({ where, select: projectFields });
    }
  }

  /** The project unless it does not exist or is being deleted. */
  async findById(id: string): Promise<ProjectRecord | null> {
    if (!isUuid(id)) return null;
    return this.db.project.findFirst({ where: { id, ...live }, select: projectFields });
  }

  async findIngestSettings(id: string): Promise<ProjectIngestSettings | null> {
    if (!isUuid(id)) return null;
    const project = await this.db.project.findFirst({ where: { id, ...live }, select: { retentionDays: true, ingestLimits: true } });
    if (!project) return null;
    const limits = project.ingestLimits;
    return {
      retentionDays: project.retentionDays,
      ingestLimits: limits !== null && typeof limits === 'object' && !Array.isArray(limits) ? (limits as Record<string, unknown>) : null,
    };
  }

  /**
   * Sets the retention and/or replaces the stored limit overrides (null clears them). Returns
   * the settings as stored afterwards, or null when the project does not exist.
   */
  async updateIngestSettings(id: string, update: { retentionDays?: number; ingestLimits?: Readonly<Record<string, number>> | null }): Promise<ProjectIngestSettings | null> {
    if (!isUuid(id)) return null;
    const data: Prisma.ProjectUpdateManyMutationInput = {};
    if (update.retentionDays !== undefined) data.retentionDays = update.retentionDays;
    if (update.ingestLimits !== undefined) data.ingestLimits = update.ingestLimits === null ? Prisma.DbNull : { ...update.ingestLimits };
    const { count } = await this.db.project.updateMany({ where: { id, ...live }, data });
    return count === 0 ? null : this.findIngestSettings(id);
  }

  /** Renames a live project (its slug follows the name); null when there is no such project. */
  async rename(id: string, update: { name: string; slug: string }): Promise<ProjectRecord | null> {
    if (!isUuid(id)) return null;
    const { count } = await this.db.project.updateMany({ where: { id, ...live }, data: update });
    return count === 0 ? null : this.findById(id);
  }

  /** Slugs of the organization's projects, deleting ones included (their slug is still taken). */
  async slugsInOrganization(organizationId: string): Promise<Set<string>> {
    if (!isUuid(organizationId)) return new Set();
    const rows = await this.db.project.findMany({ where: { organizationId }, select: { slug: true } });
    return new Set(rows.map((row) => row.slug));
  }

  /** The organization's live projects, oldest first. */
  async listForOrganization(organizationId: string): Promise<ProjectRecord[]> {
    if (!isUuid(organizationId)) return [];
    return this.db.project.findMany({ where: { organizationId, ...live }, select: projectFields, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** Every live project of every organization the user belongs to, with the user's role there. */
  async listForUser(userId: string): Promise<ProjectWithRole[]> {
    if (!isUuid(userId)) return [];
    const memberships = await this.db.membership.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        role: true,
        projectRoles: { select: { projectId: true, role: true } },
        organization: { select: { projects: { where: live, select: projectFields, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } } },
      },
    });
    return memberships.flatMap(({ role, projectRoles, organization }) => {
      const overrides = new Map(projectRoles.map((one) => [one.projectId, one.role]));
      return organization.projects.map((project) => ({ ...project, role: overrides.get(project.id) ?? role, organizationRole: role }));
    });
  }

  /**
   * Marks a live project as being deleted; from then on it is invisible and refused everywhere.
   * Returns the project as it was, or null when there is no such live project.
   */
  async markDeleting(id: string, at: Date): Promise<ProjectRecord | null> {
    const project = await this.findById(id);
    if (!project) return null;
    const { count } = await this.db.project.updateMany({ where: { id, ...live }, data: { deletingAt: at } });
    return count === 0 ? null : project;
  }

  /** Whether the project is live, being deleted, or gone (no row: never existed, or purged). */
  async lifecycleState(id: string): Promise<'live' | 'deleting' | 'gone'> {
    if (!isUuid(id)) return 'gone';
    const row = await this.db.project.findUnique({ where: { id }, select: { deletingAt: true } });
    return row === null ? 'gone' : row.deletingAt === null ? 'live' : 'deleting';
  }

  /**
   * Projects whose deletion has not finished yet (oldest request first): what the worker resumes,
   * and (for one organization) what Settings › Projects shows as being deleted.
   */
  async listDeleting(organizationId?: string): Promise<{ id: string; name: string; deletingAt: Date }[]> {
    if (organizationId !== undefined && !isUuid(organizationId)) return [];
    const rows = await this.db.project.findMany({
      where: { deletingAt: { not: null }, ...(organizationId === undefined ? {} : { organizationId }) },
      select: { id: true, name: true, deletingAt: true },
      orderBy: { deletingAt: 'asc' },
    });
    return rows.map((row) => ({ id: row.id, name: row.name, deletingAt: row.deletingAt as Date }));
  }

  /**
   * Removes a project being deleted and all its configuration (every table with a project id,
   * the audit trail excepted). Idempotent: run again after a crash, it finishes the job.
   */
  async purge(id: string): Promise<void> {
    if (!isUuid(id)) return;
    await purgeProject(this.db, id);
  }
}
