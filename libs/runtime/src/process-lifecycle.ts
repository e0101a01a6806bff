import { ConfigError, loadConfig, type VigilConfig } from '@vigil/config';
import { createLogger, type Logger } from '@vigil/server-kit';
import type { VigilRuntime } from './runtime';
import { startRuntime } from './start-runtime';

/** Loads configuration, or exits with the one-line message that names the bad variable. */
export function loadConfigOrExit(env: Readonly<Record<string, string | undefined>>): VigilConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/**
 * Graceful shutdown on SIGINT/SIGTERM: `shutdown` stops taking requests, lets those in
 * flight finish, flushes writes and stops the engines; a second signal forces the exit.
 */
export function shutdownOnSignals(logger: Logger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * The one start-up sequence of every Vigil process: config, logger, engines, then `start`
 * (which builds and starts the Nest application); shutdown runs in the reverse order.
 * Start-up failures print one message and exit non-zero.
 */
export function runVigilProcess(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
  start: (runtime: VigilRuntime) => Promise<{ close(): Promise<void> }>,
  onStarted: (runtime: VigilRuntime) => void = (runtime) => runtime.logger.info(`${name} started`),
): void {
  const boot = async () => {
    const config = loadConfigOrExit(env);
    const logger = createLogger(config.LOG_LEVEL, name);
    const runtime = await startRuntime(config, logger);
    const app = await start(runtime).catch(async (error: unknown) => {
      await runtime.stop();
      throw error;
    });
    shutdownOnSignals(logger, async () => {
      // The application first (no new requests or jobs, in-flight ones finish and their
      // writes land), the engines after.
      await app.close();
      logger.info('application closed; stopping the engines');
      await runtime.stop();
      logger.info('stopped');
    });
    onStarted(runtime);
  };
  boot().catch((error: unknown) => {
    process.stderr.write(`${name} could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
