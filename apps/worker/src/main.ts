import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { createApiApplication, SystemModule } from '@vigil/feature-api';
import { WorkerModule } from '@vigil/feature-worker';
import { RuntimeModule, runVigilProcess, type VigilRuntime } from '@vigil/runtime';

/**
 * The worker alone, for scaled deployments; replicas share the BullMQ
 * queues. It answers `/healthz`, `/readyz` and `/metrics` on PORT (one process per container
 * or host; give each its own PORT otherwise).
 */
@Module({})
class WorkerAppModule {
  static forRuntime(runtime: VigilRuntime): DynamicModule {
    return { module: WorkerAppModule, imports: [RuntimeModule.forRoot(runtime), SystemModule, WorkerModule] };
  }
}

runVigilProcess('vigil-worker', process.env, async (runtime) => {
  const app = await createApiApplication(WorkerAppModule.forRuntime(runtime), runtime);
  await app.listen(runtime.config.PORT, runtime.config.HOST);
  return app;
});
