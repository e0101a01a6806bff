import type { Prisma } from '../generated/prisma/client';
import type { PrismaExecutor } from '../prisma-client';
import type { MemberRole } from './membership.repository';
import { isUuid } from './uuid';

export interface InviteProjectRole {
  projectId: string;
  role: MemberRole;
}

/** An invitation as stored, never its token (only the token's SHA-256 is kept, and not returned). */
export interface InviteRecord {
  id: string;
  organizationId: string;
  email: string;
  role: MemberRole;
  projectRoles: InviteProjectRole[];
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
}

const inviteFields = {
  id: true,
  organizationId: true,
  email: true,
  role: true,
  projectRoles: true,
  invitedBy: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  acceptedBy: true,
  revokedAt: true,
} as const;

const toRecord = (row: Prisma.InviteGetPayload<{ select: typeof inviteFields }>): InviteRecord => ({ ...row, projectRoles: row.projectRoles as unknown as InviteProjectRole[] });

export class InviteRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** `tokenHash` is the SHA-256 of the link's token; the token itself is never stored. */
  async create(input: { organizationId: string; email: string; role: MemberRole; projectRoles: readonly InviteProjectRole[]; tokenHash: string; invitedBy: string | null; expiresAt: Date }): Promise<InviteRecord> {
    const row = await this.db.invite.create({
      data: { ...input, email: input.email.toLowerCase(), projectRoles: input.projectRoles as unknown as Prisma.InputJsonValue },
      select: inviteFields,
    });
    return toRecord(row);
  }

  async findByTokenHash(tokenHash: string): Promise<InviteRecord | null> {
    const row = await this.db.invite.findUnique({ where: { tokenHash }, select: inviteFields });
    return row ? toRecord(row) : null;
  }

  /** Invitations neither accepted nor revoked, expired ones included (they show as expired), newest first. */
  async listOpen(organizationId: string): Promise<InviteRecord[]> {
    if (!isUuid(organizationId)) return [];
    const rows = await this.db.invite.findMany({ where: { organizationId, acceptedAt: null, revokedAt: null }, select: inviteFields, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
    return rows.map(toRecord);
  }

  /** Revokes an open invitation of the organization; false when there is none with that id. */
  async revoke(organizationId: string, id: string, at: Date): Promise<boolean> {
    if (!isUuid(organizationId) || !isUuid(id)) return false;
    const { count } = await this.db.invite.updateMany({ where: { id, organizationId, acceptedAt: null, revokedAt: null }, data: { revokedAt: at } });
    return count > 0;
  }

  /**
   * Uses the invitation: succeeds for exactly one caller, and only while it is neither accepted,
   * revoked nor expired at `now` (one conditional UPDATE, so two people racing with the same link
   * cannot both get in). Use inside the transaction that adds the membership.
   */
  async consume(id: string, userId: string, now: Date): Promise<boolean> {
    const { count } = await this.db.invite.updateMany({
      where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedBy: userId },
    });
    return count > 0;
  }
}
