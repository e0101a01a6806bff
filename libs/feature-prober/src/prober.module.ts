import { Module } from '@nestjs/common';
import { ProberHeartbeatProcessor } from './prober-heartbeat.processor';

/** Reports the prober's heartbeat on the `probes` queue, where uptime checks will run (not built yet). Needs RuntimeModule.forRoot(...) beside it. */
@Module({ providers: [ProberHeartbeatProcessor] })
export class ProberModule {}
