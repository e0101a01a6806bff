export { RUNTIME, type EngineMode, type VigilRuntime } from './runtime';
export { RuntimeModule } from './runtime.module';
export { startRuntime, type StartRuntimeOptions, telemetryStoreOptions } from './start-runtime';
export { ensureInitialTenant, type InitialCredentials } from './initial-tenant';
export { loadConfigOrExit, runVigilProcess, shutdownOnRequest, type StopReason, watchStopRequests } from './process-lifecycle';
