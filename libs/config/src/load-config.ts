import { configVariables, type ConfigVariableName, type VigilConfig } from './config.schema';

/** Thrown when an environment variable is malformed; its message is one line a person can act on. */
export class ConfigError extends Error {
  constructor(
    readonly variable: ConfigVariableName,
    problem: string,
  ) {
    super(problem);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates every variable Vigil knows. Stops at the first bad one so start-up
 * fails with a single line that names the variable, what is wrong and what is expected.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): VigilConfig {
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(configVariables) as [ConfigVariableName, (typeof configVariables)[ConfigVariableName]][]) {
    const raw = env[name];
    const result = spec.schema.safeParse(raw === '' && name !== 'CLICKHOUSE_PASSWORD' ? undefined : raw);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'invalid value';
      const shown = raw === undefined ? ' is missing' : `=${JSON.stringify(name.includes('PASSWORD') ? '***' : raw)} is invalid (${reason})`;
      throw new ConfigError(name, `Invalid configuration: ${name}${shown}; expected ${spec.expected}.`);
    }
    config[name] = result.data;
  }
  return config as VigilConfig;
}

/** The embedded engines are used for whatever has no URL configured. */
export function embeddedEngines(config: VigilConfig): { clickhouse: boolean; postgres: boolean; redis: boolean } {
  return {
    clickhouse: config.CLICKHOUSE_URL === undefined,
    postgres: config.DATABASE_URL === undefined,
    redis: config.REDIS_URL === undefined,
  };
}

/**
 * Whether this process writes its own metrics into its own store (docs/operations.md): as
 * VIGIL_SELF_MONITORING says, else on when ClickHouse is embedded (`npm start`) and off with a
 * ClickHouse server, whose capacity an operator sized and who usually scrapes /metrics already.
 */
export function selfMonitoringEnabled(config: VigilConfig): boolean {
  if (config.VIGIL_SELF_MONITORING !== undefined) return config.VIGIL_SELF_MONITORING === 'on';
  return embeddedEngines(config).clickhouse;
}
