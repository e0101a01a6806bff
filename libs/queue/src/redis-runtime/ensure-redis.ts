import { randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { redactRedisUrl, redisOptionsFromUrl } from '../redis-connection';
import { startRedisProcess } from './redis-process';
import { ensureRedisServerBinary } from './redis-install';
import { renderRedisConfig } from './redis-config';
import { freeRedisPort, stopStaleRedis } from './stale-redis';

export interface EnsureRedisOptions {
  /** An existing server (REDIS_URL). When set, nothing is started; it only has to answer PING. */
  redisUrl?: string;
  /** Vigil's data directory; the private server keeps its files in `<dataDir>/redis`. */
  dataDir: string;
  /** Loopback port for the private server. */
  port: number;
  /** Receives what this helper does and what redis-server prints; nothing is printed without it. */
  log?: (line: string) => void;
  /** Install Debian's redis-server package when the binary is missing (needs root). */
  allowInstall: boolean;
  /** Where to look for redis-server; default the process PATH. */
  searchPath?: string;
}

export interface RedisRuntime {
  url: string;
  /** True when Vigil started the server (and `stop()` stops it). */
  embedded: boolean;
  /** Graceful shutdown of a server we started (it saves), waiting for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

const PASSWORD_FILE = 'vigil-password';

/**
 * Redis for BullMQ, counters and heartbeats: the server at `redisUrl`, or else a private
 * redis-server on 127.0.0.1:<port> with its data in `<dataDir>/redis`, run as our child process.
 */
export async function ensureRedis(options: EnsureRedisOptions): Promise<RedisRuntime> {
  const log = options.log ?? (() => undefined);
  if (options.redisUrl) {
    await verifyReachable(options.redisUrl);
    return { url: options.redisUrl, embedded: false, stop: async () => undefined };
  }

  const binary = await ensureRedisServerBinary({ searchPath: options.searchPath, allowInstall: options.allowInstall, log });
  await mkdir(resolve(options.dataDir, 'redis'), { recursive: true, mode: 0o700 });
  // The real path: Redis reports its directory without symlinks, and a stale server is
  // recognised by that directory.
  const dir = await realpath(resolve(options.dataDir, 'redis'));
  const password = await readOrCreatePassword(dir);
  const pidFile = join(dir, 'redis.pid');
  await stopStaleRedis(pidFile, dir, log);
  await freeRedisPort(options.port, password, dir, log);

  const configFile = join(dir, 'redis.conf');
  await writeFile(configFile, renderRedisConfig({ port: options.port, dir, pidFile, password }), { mode: 0o600 });
  const url = `redis://:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const server = await startRedisProcess({ binary, configFile, url, log });
  log(`Redis is ready on 127.0.0.1:${options.port} (${dir})`);
  return { url, embedded: true, stop: server.stop };
}

/**
 * The private server is reachable by every local user on loopback, and runs as whoever
 * started Vigil (often root), so it has a password, kept beside its data (0600) so later
 * starts and the URL agree.
 */
async function readOrCreatePassword(dir: string): Promise<string> {
  const file = join(dir, PASSWORD_FILE);
  const existing = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  if (existing !== '') return existing;
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function verifyReachable(url: string): Promise<void> {
  let options;
  try {
    options = redisOptionsFromUrl(url);
  } catch (error) {
    throw new Error(`REDIS_URL is invalid: ${(error as Error).message}`);
  }
  const client = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5_000, commandTimeout: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis at REDIS_URL (${redactRedisUrl(url)}) does not answer PING: ${(error as Error).message}. Check the server is running and reachable, or unset REDIS_URL to let Vigil run its own.`,
    );
  } finally {
    client.disconnect();
  }
}
