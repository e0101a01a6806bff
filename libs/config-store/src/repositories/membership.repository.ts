import type { PrismaExecutor } from '../prisma-client';

export const MEMBER_ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface MembershipRecord {
  id: string;
  userId: string;
  organizationId: string;
  role: MemberRole;
  createdAt: Date;
}

export class MembershipRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(input: { userId: string; organizationId: string; role: MemberRole }): Promise<MembershipRecord> {
    return this.db.membership.create({ data: input, select: { id: true, userId: true, organizationId: true, role: true, createdAt: true } });
  }
}
