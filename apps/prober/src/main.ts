import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { createApiApplication, SystemModule } from '@vigil/feature-api';
import { ProberModule } from '@vigil/feature-prober';
import { RuntimeModule, runVigilProcess, type VigilRuntime } from '@vigil/runtime';

/**
 * The prober alone, for scaled deployments; replicas share the BullMQ
 * queues. It answers `/healthz`, `/readyz` and `/metrics` on PORT (one process per container
 * or host; give each its own PORT otherwise).
 */
@Module({})
class ProberAppModule {
  static forRuntime(runtime: VigilRuntime): DynamicModule {
    return { module: ProberAppModule, imports: [RuntimeModule.forRoot(runtime), SystemModule, ProberModule] };
  }
}

runVigilProcess('vigil-prober', process.env, async (runtime) => {
  const app = await createApiApplication(ProberAppModule.forRuntime(runtime), runtime);
  await app.listen(runtime.config.PORT, runtime.config.HOST);
  return app;
});
