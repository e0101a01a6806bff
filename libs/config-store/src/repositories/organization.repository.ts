import type { PrismaExecutor } from '../prisma-client';
import type { MemberRole } from './membership.repository';
import { isUuid } from './uuid';

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export interface OrganizationWithRole extends OrganizationRecord {
  role: MemberRole;
}

const organizationFields = { id: true, name: true, createdAt: true } as const;

export class OrganizationRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(input: { name: string }): Promise<OrganizationRecord> {
    return this.db.organization.create({ data: { name: input.name }, select: organizationFields });
  }

  /** The oldest organization: the one a single-organization install works in. */
  async findFirst(): Promise<OrganizationRecord | null> {
    return this.db.organization.findFirst({ orderBy: { createdAt: 'asc' }, select: organizationFields });
  }

  async findById(id: string): Promise<OrganizationRecord | null> {
    if (!isUuid(id)) return null;
    return this.db.organization.findUnique({ where: { id }, select: organizationFields });
  }

  async rename(id: string, name: string): Promise<OrganizationRecord | null> {
    if (!isUuid(id)) return null;
    const { count } = await this.db.organization.updateMany({ where: { id }, data: { name } });
    return count === 0 ? null : this.findById(id);
  }

  /** The organizations the user belongs to, with their role, in the order they joined. */
  async listForUser(userId: string): Promise<OrganizationWithRole[]> {
    if (!isUuid(userId)) return [];
    const memberships = await this.db.membership.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { role: true, organization: { select: organizationFields } },
    });
    return memberships.map(({ role, organization }) => ({ ...organization, role }));
  }
}
