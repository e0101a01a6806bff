import type { PrismaExecutor } from '../prisma-client';
import { isUuid } from './uuid';

export const MEMBER_ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface MembershipRecord {
  id: string;
  userId: string;
  organizationId: string;
  role: MemberRole;
  createdAt: Date;
}

/** A member as the members list shows them: the person, their role and their per-project roles. */
export interface MemberRecord extends MembershipRecord {
  email: string;
  name: string | null;
  projectRoles: { projectId: string; role: MemberRole }[];
}

const membershipFields = { id: true, userId: true, organizationId: true, role: true, createdAt: true } as const;

export class MembershipRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(input: { userId: string; organizationId: string; role: MemberRole }): Promise<MembershipRecord> {
    return this.db.membership.create({ data: input, select: membershipFields });
  }

  async find(organizationId: string, userId: string): Promise<MemberRecord | null> {
    if (!isUuid(organizationId) || !isUuid(userId)) return null;
    return (await this.listWhere({ organizationId, userId }))[0] ?? null;
  }

  /** The organization's members, oldest first. */
  async listForOrganization(organizationId: string): Promise<MemberRecord[]> {
    if (!isUuid(organizationId)) return [];
    return this.listWhere({ organizationId });
  }

  /**
   * Locks the organization's memberships until the transaction ends (`FOR UPDATE`) and returns
   * their roles: role changes and removals run after it, so two owners demoting each other at
   * the same moment cannot leave the organization without one. Use inside runInTransaction.
   */
  async lockOrganization(organizationId: string): Promise<{ userId: string; role: MemberRole }[]> {
    if (!isUuid(organizationId)) return [];
    const rows = await this.db.$queryRaw<{ user_id: string; role: MemberRole }[]>`
      SELECT user_id, role::text AS role FROM memberships WHERE organization_id = ${organizationId}::uuid ORDER BY id FOR UPDATE`;
    return rows.map((row) => ({ userId: row.user_id, role: row.role }));
  }

  async updateRole(organizationId: string, userId: string, role: MemberRole): Promise<boolean> {
    if (!isUuid(organizationId) || !isUuid(userId)) return false;
    const { count } = await this.db.membership.updateMany({ where: { organizationId, userId }, data: { role } });
    return count > 0;
  }

  /** Sets (or with null removes) the member's role in one project of the organization. */
  async setProjectRole(organizationId: string, userId: string, projectId: string, role: MemberRole | null): Promise<boolean> {
    if (!isUuid(organizationId) || !isUuid(userId) || !isUuid(projectId)) return false;
    const membership = await this.db.membership.findFirst({ where: { organizationId, userId }, select: { id: true } });
    if (!membership) return false;
    if (role === null) {
      await this.db.projectRole.deleteMany({ where: { membershipId: membership.id, projectId } });
    } else {
      await this.db.projectRole.upsert({
        where: { membershipId_projectId: { membershipId: membership.id, projectId } },
        create: { membershipId: membership.id, projectId, role },
        update: { role },
      });
    }
    return true;
  }

  async delete(organizationId: string, userId: string): Promise<boolean> {
    if (!isUuid(organizationId) || !isUuid(userId)) return false;
    const { count } = await this.db.membership.deleteMany({ where: { organizationId, userId } });
    return count > 0;
  }

  private async listWhere(where: { organizationId: string; userId?: string }): Promise<MemberRecord[]> {
    const rows = await this.db.membership.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        ...membershipFields,
        user: { select: { email: true, name: true } },
        // Roles in projects being deleted no longer matter.
        projectRoles: { where: { project: { deletingAt: null } }, select: { projectId: true, role: true }, orderBy: { createdAt: 'asc' } },
      },
    });
    return rows.map(({ user, ...row }) => ({ ...row, email: user.email, name: user.name }));
  }
}
