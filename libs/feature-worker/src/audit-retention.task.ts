import { Inject, Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

const DAY_MS = 86_400_000;

/** Keeps the audit trail for AUDIT_RETENTION_DAYS; idempotent, so every worker replica may run it. */
@Injectable()
export class AuditRetentionTask {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Cron(CronExpression.EVERY_HOUR)
  async removeExpiredRecords(): Promise<void> {
    const before = new Date(Date.now() - this.runtime.config.AUDIT_RETENTION_DAYS * DAY_MS);
    const removed = await this.runtime.store.auditRecords.deleteOlderThan(before);
    if (removed > 0) this.runtime.logger.info({ removed, before }, 'removed audit records past their retention');
  }
}
