import { Prisma } from '../generated/prisma/client';
import type { PrismaExecutor } from '../prisma-client';
import type { MemberRole } from './membership.repository';
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
  /** The user's role in the project's organization. */
  role: MemberRole;
}

const projectFields = { id: true, organizationId: true, name: true, slug: true, retentionDays: true, createdAt: true } as const;

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

  async findById(id: string): Promise<ProjectRecord | null> {
    if (!isUuid(id)) return null;
    return this.db.project.findUnique({ where: { id }, select: projectFields });
  }

  async findIngestSettings(id: string): Promise<ProjectIngestSettings | null> {
    if (!isUuid(id)) return null;
    const project = await this.db.project.findUnique({ where: { id }, select: { retentionDays: true, ingestLimits: true } });
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
    const { count } = await this.db.project.updateMany({ where: { id }, data });
    return count === 0 ? null : this.findIngestSettings(id);
  }

  /** Every project of every organization the user belongs to, with the user's role there. */
  async listForUser(userId: string): Promise<ProjectWithRole[]> {
    if (!isUuid(userId)) return [];
    const memberships = await this.db.membership.findMany({
      where: { userId },
      select: { role: true, organization: { select: { projects: { select: projectFields, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } } } },
    });
    return memberships.flatMap(({ role, organization }) => organization.projects.map((project) => ({ ...project, role })));
  }
}
