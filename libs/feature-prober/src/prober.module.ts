import { Module } from '@nestjs/common';
import { ProberHeartbeatProcessor } from './prober-heartbeat.processor';

/** Runs checks from the `probes` queue. Needs RuntimeModule.forRoot(...) beside it. */
@Module({ providers: [ProberHeartbeatProcessor] })
export class ProberModule {}
