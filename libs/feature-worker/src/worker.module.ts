import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertingProcessor } from './alerting.processor';
import { AuditRetentionTask } from './audit-retention.task';
import { HeartbeatProcessor } from './heartbeat.processor';
import { MetricRollupTask } from './metric-rollup.task';
import { ProjectDeletionProcessor } from './project-deletion.processor';
import { SessionCleanupTask } from './session-cleanup.task';
import { SloRecordingProcessor } from './slo-recording.processor';

/** Background jobs: queue processors and periodic upkeep. Needs RuntimeModule.forRoot(...) beside it. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [HeartbeatProcessor, SessionCleanupTask, AlertingProcessor, ProjectDeletionProcessor, AuditRetentionTask, SloRecordingProcessor, MetricRollupTask],
})
export class WorkerModule {}
