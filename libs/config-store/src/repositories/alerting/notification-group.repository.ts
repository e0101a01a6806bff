import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

/** A policy's aggregation group; `engineState` belongs to @vigil/alerting (opaque here). */
export interface NotificationGroupRecord {
  id: string;
  projectId: string;
  policyId: string;
  groupKey: string;
  engineState: unknown;
  nextFlushAt: Date | null;
}

const fields = { id: true, projectId: true, policyId: true, groupKey: true, engineState: true, nextFlushAt: true } as const;

/**
 * Notification groups are changed by evaluations (alerts join and leave) and by flushes (sent);
 * both may run at once on different worker replicas, so every change locks the group's row:
 * call `lock` and `save` inside one `ConfigStore.runInTransaction`.
 */
export class NotificationGroupRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** The group's row, created (with `initial` state) when missing, locked until the transaction ends. */
  async lock(projectId: string, policyId: string, groupKey: string, initial: unknown): Promise<NotificationGroupRecord> {
    await this.db.$executeRaw`
      INSERT INTO notification_groups (id, project_id, policy_id, group_key, engine_state, updated_at)
      VALUES (gen_random_uuid(), ${projectId}::uuid, ${policyId}::uuid, ${groupKey}, ${JSON.stringify(initial)}::jsonb, now())
      ON CONFLICT (policy_id, group_key) DO NOTHING`;
    const [row] = await this.db.$queryRaw<{ id: string }[]>`SELECT id FROM notification_groups WHERE policy_id = ${policyId}::uuid AND group_key = ${groupKey} FOR UPDATE`;
    const found = row ? await this.db.notificationGroup.findUnique({ where: { id: row.id }, select: fields }) : null;
    if (!found) throw new Error(`notification group ${policyId}/${groupKey} vanished while locked`);
    return found;
  }

  async save(id: string, update: { engineState: unknown; nextFlushAt: Date | null }): Promise<void> {
    await this.db.notificationGroup.update({ where: { id }, data: { engineState: update.engineState as Prisma.InputJsonValue, nextFlushAt: update.nextFlushAt } });
  }

  async delete(id: string): Promise<void> {
    await this.db.notificationGroup.deleteMany({ where: { id } });
  }

  /** Groups due to be looked at (their next flush time has come), oldest first. */
  async listDue(now: Date, limit: number): Promise<NotificationGroupRecord[]> {
    return this.db.notificationGroup.findMany({ where: { nextFlushAt: { lte: now } }, orderBy: { nextFlushAt: 'asc' }, take: limit, select: fields });
  }

  async listForPolicy(policyId: string): Promise<NotificationGroupRecord[]> {
    if (!isUuid(policyId)) return [];
    return this.db.notificationGroup.findMany({ where: { policyId }, select: fields });
  }
}
