import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RUNTIME, type VigilRuntime } from '@vigil/runtime';
import { RequireSession } from '../auth/access.guard';

@ApiTags('system')
@Controller('api/v1/system')
export class SystemStatusController {
  constructor(@Inject(RUNTIME) private readonly runtime: VigilRuntime) {}

  @Get('status')
  @RequireSession()
  @ApiOperation({ summary: 'Which engines run embedded, and when the worker and prober last reported' })
  async status(): Promise<{ engines: Record<string, 'embedded' | 'server'>; heartbeats: Record<string, string | null> }> {
    const heartbeats = await this.runtime.heartbeats.readAll();
    return {
      engines: this.runtime.engines,
      heartbeats: {
        worker: heartbeats.worker?.toISOString() ?? null,
        prober: heartbeats.prober?.toISOString() ?? null,
      },
    };
  }
}
