export { ApiModule } from './api.module';
export { createApiApplication } from './api-application';
