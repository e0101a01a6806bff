export { ApiModule } from './api.module';
export { createApiApplication } from './api-application';
export { SystemModule } from './system/system.module';
