import { ensureRedis, type RedisRuntime } from '@vigil/queue';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './stack';

/** By default only what happens once (installing redis-server) is shown, not the server's chatter. */
const installProgress = (line: string) => {
  if (!line.startsWith('redis: ') && !line.startsWith('Redis is ready')) console.log(`[test redis] ${line}`);
};

export interface TestRedis {
  url: string;
  /**
   * Stops the server and starts it again on the same port with the same password (so `url` stays
   * valid): with its data (`keepData`, what it saved on the way down) or with none, as a Redis
   * that lost its disk. Clients see a dropped connection and reconnect.
   */
  restart(options: { keepData: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** The password file ensureRedis keeps beside the data: kept across a restart so the URL stays the same. */
const PASSWORD_FILE = 'vigil-password';

/**
 * A private redis-server for one test run: a temporary data directory, a free port, installed
 * from the OS packages if missing. Test files keep apart by key prefix (BullMQ `prefix`,
 * HeartbeatStore `keyPrefix`), not by server; a test that restarts Redis starts its own.
 */
export async function startTestRedis(options: { log?: (line: string) => void } = {}): Promise<TestRedis> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-test-redis-'));
  const port = await freePort();
  const start = () => ensureRedis({ dataDir, port, allowInstall: true, log: options.log ?? installProgress });
  try {
    let redis: RedisRuntime = await start();
    return {
      url: redis.url,
      restart: async ({ keepData }) => {
        await redis.stop();
        if (!keepData) {
          const dir = join(dataDir, 'redis');
          for (const entry of await readdir(dir)) if (entry !== PASSWORD_FILE) await rm(join(dir, entry), { recursive: true, force: true });
        }
        redis = await start();
      },
      stop: async () => {
        await redis.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
