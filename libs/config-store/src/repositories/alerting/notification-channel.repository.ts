import type { ChannelKind } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

/**
 * A channel as stored. Secrets and header values are ciphertexts (the caller encrypts with the
 * configured key; this repository never sees them in clear).
 */
export interface ChannelRecord {
  id: string;
  projectId: string;
  name: string;
  kind: ChannelKind;
  url: string;
  headersCipher: string | null;
  headerNames: string[];
  titleTemplate: string | null;
  bodyTemplate: string | null;
  enabled: boolean;
  disabledReason: string | null;
  secretCipher: string;
  secretPrefix: string;
  previousSecretCipher: string | null;
  previousSecretValidUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChannelWrite {
  name: string;
  kind: ChannelKind;
  url: string;
  headersCipher: string | null;
  headerNames: string[];
  titleTemplate: string | null;
  bodyTemplate: string | null;
  enabled: boolean;
  secretCipher: string;
  secretPrefix: string;
}

export type ChannelUpdate = Partial<Pick<ChannelWrite, 'name' | 'url' | 'headersCipher' | 'headerNames' | 'titleTemplate' | 'bodyTemplate' | 'enabled'>>;

const toRecord = (row: Prisma.NotificationChannelGetPayload<object>): ChannelRecord => ({ ...row, kind: row.kind as ChannelKind });

export class NotificationChannelRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** `id` is chosen by the caller: the sealed secrets are bound to it (associated data). */
  async create(projectId: string, id: string, channel: ChannelWrite): Promise<ChannelRecord> {
    return toRecord(await this.db.notificationChannel.create({ data: { id, projectId, ...channel } }));
  }

  /** Changes the given fields; turning a channel on clears why Vigil had turned it off. */
  async update(projectId: string, id: string, update: ChannelUpdate): Promise<ChannelRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const data: Prisma.NotificationChannelUpdateManyMutationInput = { ...update, ...(update.enabled === true ? { disabledReason: null } : {}) };
    const { count } = await this.db.notificationChannel.updateMany({ where: { id, projectId }, data });
    return count === 0 ? null : this.find(projectId, id);
  }

  /** Vigil turns a channel off (e.g. its receiver answered 410 Gone) and says why. */
  async disable(id: string, reason: string): Promise<void> {
    if (!isUuid(id)) return;
    await this.db.notificationChannel.updateMany({ where: { id }, data: { enabled: false, disabledReason: reason } });
  }

  /** A new secret, and the old one (sealed again by the caller) signing beside it until `previousValidUntil`. */
  async rotateSecret(
    projectId: string,
    id: string,
    next: { secretCipher: string; secretPrefix: string; previousSecretCipher: string | null; previousValidUntil: Date | null },
  ): Promise<ChannelRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const { count } = await this.db.notificationChannel.updateMany({
      where: { id, projectId },
      data: { secretCipher: next.secretCipher, secretPrefix: next.secretPrefix, previousSecretCipher: next.previousSecretCipher, previousSecretValidUntil: next.previousValidUntil },
    });
    return count === 0 ? null : this.find(projectId, id);
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.notificationChannel.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  async find(projectId: string, id: string): Promise<ChannelRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.notificationChannel.findFirst({ where: { id, projectId } });
    return row ? toRecord(row) : null;
  }

  /** Any project's channel by id: the delivery worker's lookup. */
  async findById(id: string): Promise<ChannelRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.notificationChannel.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async listForProject(projectId: string): Promise<ChannelRecord[]> {
    if (!isUuid(projectId)) return [];
    return (await this.db.notificationChannel.findMany({ where: { projectId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] })).map(toRecord);
  }

  /** Which of these ids are channels of the project (a policy may only name its own project's channels). */
  async existing(projectId: string, ids: readonly string[]): Promise<Set<string>> {
    const valid = ids.filter(isUuid);
    if (!isUuid(projectId) || valid.length === 0) return new Set();
    const rows = await this.db.notificationChannel.findMany({ where: { projectId, id: { in: valid } }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }
}
