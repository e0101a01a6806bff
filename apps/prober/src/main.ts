import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProberModule } from '@vigil/feature-prober';
import { RuntimeModule, runVigilProcess, type VigilRuntime } from '@vigil/runtime';

/** The prober alone, for scaled deployments; replicas share the BullMQ queues. */
@Module({})
class ProberAppModule {
  static forRuntime(runtime: VigilRuntime): DynamicModule {
    return { module: ProberAppModule, imports: [RuntimeModule.forRoot(runtime), ProberModule] };
  }
}

runVigilProcess('vigil-prober', process.env, async (runtime) => {
  const app = await NestFactory.createApplicationContext(ProberAppModule.forRuntime(runtime), { logger: ['error', 'warn'] });
  await app.init();
  return app;
});
