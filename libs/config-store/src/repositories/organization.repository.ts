import type { PrismaExecutor } from '../prisma-client';

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export class OrganizationRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(input: { name: string }): Promise<OrganizationRecord> {
    return this.db.organization.create({ data: { name: input.name }, select: { id: true, name: true, createdAt: true } });
  }

  /** The oldest organization: the one a single-organization install works in. */
  async findFirst(): Promise<OrganizationRecord | null> {
    return this.db.organization.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true, name: true, createdAt: true } });
  }
}
