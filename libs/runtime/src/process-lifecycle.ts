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

/** Why a process stops: a signal, or `npm start` (its parent) gone. */
export type StopReason = NodeJS.Signals | 'parent exited';

/** How long a process whose parent is gone may take to stop gracefully before it exits anyway. */
const ORPHAN_SHUTDOWN_MS = 30_000;

/**
 * Calls `onStop` on SIGINT, SIGTERM, and when the process that started this one with an IPC
 * channel (`npm start`, scripts/start.mjs) is gone. The channel closes when that process dies
 * however it dies, SIGKILL included, which no signal handler of its own can see; Node has no
 * parent-death signal (prctl PR_SET_PDEATHSIG), and polling the parent pid would be late and
 * racy. Started without a channel (tests, scale-out, `node main.js`), only signals count.
 */
export function watchStopRequests(onStop: (reason: StopReason) => void): void {
  process.on('SIGINT', () => onStop('SIGINT'));
  process.on('SIGTERM', () => onStop('SIGTERM'));
  if (process.send === undefined) return;
  const parentGone = () => {
    // Whoever read our output may have died with the parent: a failed write must not crash
    // the shutdown that stops the engines.
    process.stdout.on('error', () => undefined);
    process.stderr.on('error', () => undefined);
    onStop('parent exited');
  };
  // The channel must not keep the process alive by itself.
  process.channel?.unref();
  if (!process.connected) parentGone();
  else process.once('disconnect', parentGone);
}

/**
 * Graceful shutdown: `shutdown` stops taking requests, lets those in flight finish, flushes
 * writes and stops the engines; a second request forces the exit (the engines are signalled to
 * stop by their exit hooks). Requests that arrive while the process is still starting are kept
 * and honoured once `ready` is called, so nothing started is left behind. When the parent is
 * gone, a shutdown that takes longer than ORPHAN_SHUTDOWN_MS ends in an exit too.
 */
export function shutdownOnRequest(logger: Logger): { ready(shutdown: () => Promise<void>): void } {
  let shutdown: (() => Promise<void>) | undefined;
  let pending: StopReason | undefined;
  let stopping = false;
  const begin = (reason: StopReason, run: () => Promise<void>) => {
    stopping = true;
    logger.info(`${reason}: shutting down`);
    if (reason === 'parent exited') {
      setTimeout(() => {
        logger.error(`still stopping after ${ORPHAN_SHUTDOWN_MS / 1000} s without a parent: exiting`);
        process.exit(1);
      }, ORPHAN_SHUTDOWN_MS).unref();
    }
    run().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  watchStopRequests((reason) => {
    if (stopping || pending !== undefined) {
      logger.warn(`${reason} again: exiting without waiting`);
      process.exit(130);
    }
    if (shutdown === undefined) {
      logger.info(`${reason} while starting: stopping once start-up has finished`);
      pending = reason;
      return;
    }
    begin(reason, shutdown);
  });
  return {
    ready(run) {
      shutdown = run;
      if (pending !== undefined) begin(pending, run);
    },
  };
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
    const stop = shutdownOnRequest(logger);
    // `vigil-worker` → the `worker` component of Vigil's own metrics.
    const runtime = await startRuntime(config, logger, { component: name.replace(/^vigil-/, '') });
    const app = await start(runtime).catch(async (error: unknown) => {
      await runtime.stop();
      throw error;
    });
    onStarted(runtime);
    stop.ready(async () => {
      // The application first (no new requests or jobs, in-flight ones finish and their
      // writes land), the engines after.
      await app.close();
      logger.info('application closed; stopping the engines');
      await runtime.stop();
      logger.info('stopped');
    });
  };
  boot().catch((error: unknown) => {
    process.stderr.write(`${name} could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
