import { Module } from '@nestjs/common';
import { ChecksProcessor } from './checks.processor';
import { ProberHeartbeatProcessor } from './prober-heartbeat.processor';

/** Runs uptime checks in this process's region and reports the prober's heartbeat. Needs RuntimeModule.forRoot(...) beside it. */
@Module({ providers: [ProberHeartbeatProcessor, ChecksProcessor] })
export class ProberModule {}
