import 'reflect-metadata';
import { createApiApplication } from '@vigil/feature-api';
import { runVigilProcess } from '@vigil/runtime';
import { startBanner } from './banner';
import { StandaloneModule } from './standalone.module';

runVigilProcess(
  'vigil-standalone', process.env,
  async (runtime) => {
    const app = await createApiApplication(StandaloneModule.forRuntime(runtime), runtime);
    await app.listen(runtime.config.PORT, runtime.config.HOST);
    return app;
  },
  (runtime) => process.stdout.write(startBanner(runtime)),
);
