import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '@vigil/feature-worker';
import { RuntimeModule, runVigilProcess, type VigilRuntime } from '@vigil/runtime';

/** The worker alone, for scaled deployments; replicas share the BullMQ queues. */
@Module({})
class WorkerAppModule {
  static forRuntime(runtime: VigilRuntime): DynamicModule {
    return { module: WorkerAppModule, imports: [RuntimeModule.forRoot(runtime), WorkerModule] };
  }
}

runVigilProcess('vigil-worker', process.env, async (runtime) => {
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRuntime(runtime), { logger: ['error', 'warn'] });
  await app.init();
  return app;
});
