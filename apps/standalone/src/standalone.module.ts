import { type DynamicModule, Module } from '@nestjs/common';
import { ApiModule } from '@vigil/feature-api';
import { ProberModule } from '@vigil/feature-prober';
import { WorkerModule } from '@vigil/feature-worker';
import { RuntimeModule, type VigilRuntime } from '@vigil/runtime';

/** The embedded default: api, worker and prober in one process sharing one runtime. */
@Module({})
export class StandaloneModule {
  static forRuntime(runtime: VigilRuntime): DynamicModule {
    return { module: StandaloneModule, imports: [RuntimeModule.forRoot(runtime), ApiModule, WorkerModule, ProberModule] };
  }
}
