export { configVariables, type VigilConfig, type ConfigVariableName } from './config.schema';
export { ConfigError, embeddedEngines, loadConfig, selfMonitoringEnabled } from './load-config';
