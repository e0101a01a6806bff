import { Inject, Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';

/** Deletes expired dashboard sessions; idempotent, so every worker replica may run it. */
@Injectable()
export class SessionCleanupTask {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Cron(CronExpression.EVERY_HOUR)
  async removeExpiredSessions(): Promise<void> {
    const removed = await this.runtime.store.sessions.deleteExpired(new Date());
    if (removed > 0) this.runtime.logger.info({ removed }, 'removed expired sessions');
  }
}
