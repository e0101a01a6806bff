import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '../redis-connection';

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 60_000;
const KEPT_OUTPUT_LINES = 40;

export interface RedisProcess {
  stop(): Promise<void>;
}

/**
 * Spawns redis-server with `configFile` and waits until it answers PING at `url`.
 *
 * Not daemonized: as our child its exit is seen at once and its output is ours to forward.
 * `detached` puts it in its own process group, so a terminal's Ctrl-C reaches only Vigil,
 * which stops Redis after the jobs in flight have finished.
 */
export async function startRedisProcess(options: { binary: string; configFile: string; url: string; log: (line: string) => void }): Promise<RedisProcess> {
  const child = spawn(options.binary, [options.configFile], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { LC_ALL: 'C' } });
  const output = captureOutput(child, options.log);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null || spawnError !== undefined;

  // If Vigil exits without stop() (an uncaught error, process.exit), the server must not
  // outlive it. 'exit' handlers run synchronously, so this can only send the signal.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!hasExited()) {
      // SIGTERM is Redis's graceful shutdown, the same as SHUTDOWN: it fsyncs the AOF, writes
      // the RDB snapshot and removes the pid file. It needs no connection or password.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    await waitUntilReady(options.url, hasExited, () => spawnError, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

async function waitUntilReady(url: string, hasExited: () => boolean, spawnError: () => Error | undefined, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const failure = spawnError();
    if (failure) throw new Error(`redis-server could not be started: ${failure.message}`);
    if (hasExited()) throw new Error(`redis-server exited before it was ready:\n${output()}`);
    if (await answersPing(url)) return;
    if (Date.now() > deadline) throw new Error(`redis-server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
    await sleep(50);
  }
}

async function answersPing(url: string): Promise<boolean> {
  const client = new Redis({ ...redisOptionsFromUrl(url), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    // While loading a large AOF Redis accepts connections but answers LOADING; not ready yet.
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Forwards the server's lines to `log` and keeps the last few for error messages. */
function captureOutput(child: ChildProcess, log: (line: string) => void): () => string {
  const kept: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      log(`redis: ${line}`);
      kept.push(line);
      if (kept.length > KEPT_OUTPUT_LINES) kept.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return () => kept.join('\n');
}
