export * from './auth.schema';
export * from './metrics.schema';
export * from './problem.schema';
export * from './logs.schema';
export * from './services.schema';
export * from './api-keys.schema';
export * from './project-settings.schema';
