import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertingProcessor } from './alerting.processor';
import { HeartbeatProcessor } from './heartbeat.processor';
import { SessionCleanupTask } from './session-cleanup.task';
import { SloRecordingProcessor } from './slo-recording.processor';

/** Background jobs: queue processors and periodic upkeep. Needs RuntimeModule.forRoot(...) beside it. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [HeartbeatProcessor, SessionCleanupTask, AlertingProcessor, SloRecordingProcessor],
})
export class WorkerModule {}
