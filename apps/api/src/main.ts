import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { ApiModule, createApiApplication } from '@vigil/feature-api';
import { RuntimeModule, runVigilProcess, type VigilRuntime } from '@vigil/runtime';

/** The API alone, for scaled deployments (N replicas behind a load balancer). */
@Module({})
class ApiAppModule {
  static forRuntime(runtime: VigilRuntime): DynamicModule {
    return { module: ApiAppModule, imports: [RuntimeModule.forRoot(runtime), ApiModule] };
  }
}

runVigilProcess('vigil-api', process.env, async (runtime) => {
  const app = await createApiApplication(ApiAppModule.forRuntime(runtime), runtime);
  await app.listen(runtime.config.PORT, runtime.config.HOST);
  return app;
});
