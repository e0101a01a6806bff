import type { LabelMatcher, MaintenanceWindowRequest } from '@vigil/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaExecutor } from '../../prisma-client';
import { isUuid } from '../uuid';

export interface MaintenanceWindowRecord {
  id: string;
  projectId: string;
  name: string;
  cron: string;
  durationMinutes: number;
  timezone: string;
  matchers: LabelMatcher[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const toRecord = (row: Prisma.MaintenanceWindowGetPayload<object>): MaintenanceWindowRecord => ({ ...row, matchers: row.matchers as unknown as LabelMatcher[] });
const toData = (window: MaintenanceWindowRequest) => ({ ...window, matchers: window.matchers as unknown as Prisma.InputJsonValue });

export class MaintenanceWindowRepository {
  constructor(private readonly db: PrismaExecutor) {}

  async create(projectId: string, window: MaintenanceWindowRequest): Promise<MaintenanceWindowRecord> {
    return toRecord(await this.db.maintenanceWindow.create({ data: { projectId, ...toData(window) } }));
  }

  async replace(projectId: string, id: string, window: MaintenanceWindowRequest): Promise<MaintenanceWindowRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const { count } = await this.db.maintenanceWindow.updateMany({ where: { id, projectId }, data: toData(window) });
    return count === 0 ? null : this.find(projectId, id);
  }

  async delete(projectId: string, id: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(id)) return false;
    const { count } = await this.db.maintenanceWindow.deleteMany({ where: { id, projectId } });
    return count > 0;
  }

  async find(projectId: string, id: string): Promise<MaintenanceWindowRecord | null> {
    if (!isUuid(projectId) || !isUuid(id)) return null;
    const row = await this.db.maintenanceWindow.findFirst({ where: { id, projectId } });
    return row ? toRecord(row) : null;
  }

  async listForProject(projectId: string): Promise<MaintenanceWindowRecord[]> {
    if (!isUuid(projectId)) return [];
    return (await this.db.maintenanceWindow.findMany({ where: { projectId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] })).map(toRecord);
  }

  async listEnabled(projectIds: readonly string[]): Promise<MaintenanceWindowRecord[]> {
    const ids = projectIds.filter(isUuid);
    if (ids.length === 0) return [];
    return (await this.db.maintenanceWindow.findMany({ where: { projectId: { in: ids }, enabled: true } })).map(toRecord);
  }
}
