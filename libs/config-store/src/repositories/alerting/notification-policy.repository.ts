import type { AlertSeverity, LabelMatcher, PolicyRequest } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

export interface PolicyRecord {
  id: string;
  projectId: string;
  name: string;
  matchers: LabelMatcher[];
  severities: AlertSeverity[];
  channelIds: string[];
  groupBy: string[];
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
  sendResolved: boolean;
  continue: boolean;
  enabled: boolean;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

const toRecord = (row: Prisma.NotificationPolicyGetPayload<object>): PolicyRecord => ({
  ...row,
  matchers: row.matchers as unknown as LabelMatcher[],
  severities: row.severities as AlertSeverity[],
});

function toData(policy: PolicyRequest) {
  const { position: _position, matchers, ...rest } = policy;
  return { ...rest, matchers: matchers as unknown as Prisma.InputJsonValue };
}

export class NotificationPolicyRepository {
  constructor(private readonly db: PrismaExecutor) {}

  /** A new policy goes last unless it names its position. */
  async create(projectId: string, policy: PolicyRequest): Promise<PolicyRecord> {
    const position = policy.position ?? ((await this.db.notificationPolicy.aggregate({ where: { projectId }, _max: { position: true } }))._max.position ?? -1) + 1;
    return toRecord(await this.db.notificationPolicy.create({ data: { projectId, ...toData(policy), position } }));
  }

  async replace(projectId: string, id: string, policy: PolicyRequest): Promise<PolicyRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const { count } = await this.db.notificationPolicy.updateMany({ where: { id, projectId }, data: { ...toData(policy), ...(policy.position === undefined ? {} : { position: policy.position }) } });
    return count === 0 ? null : this.find(projectId, id);
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.notificationPolicy.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  async find(projectId: string, id: string): Promise<PolicyRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.notificationPolicy.findFirst({ where: { id, projectId } });
    return row ? toRecord(row) : null;
  }

  /** In the order they are tried. */
  async listForProject(projectId: string): Promise<PolicyRecord[]> {
    if (!isUuid(projectId)) return [];
    return (await this.db.notificationPolicy.findMany({ where: { projectId }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] })).map(toRecord);
  }

  /** Every project's enabled policies, by project, in order: the router's view. */
  async listEnabledByProject(projectIds: readonly string[]): Promise<Map<string, PolicyRecord[]>> {
    const ids = projectIds.filter(isUuid);
    const result = new Map<string, PolicyRecord[]>();
    if (ids.length === 0) return result;
    const rows = await this.db.notificationPolicy.findMany({ where: { projectId: { in: ids }, enabled: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] });
    for (const row of rows) {
      const list = result.get(row.projectId) ?? [];
      list.push(toRecord(row));
      result.set(row.projectId, list);
    }
    return result;
  }
}
