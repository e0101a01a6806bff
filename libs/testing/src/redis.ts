import { ensureRedis } from '@vigil/queue';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './stack';

/** By default only what happens once (installing redis-server) is shown, not the server's chatter. */
const installProgress = (line: string) => {
  if (!line.startsWith('redis: ') && !line.startsWith('Redis is ready')) console.log(`[test redis] ${line}`);
};

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A private redis-server for one test run: a temporary data directory, a free port, installed
 * from the OS packages if missing. Test files keep apart by key prefix (BullMQ `prefix`,
 * HeartbeatStore `keyPrefix`), not by server.
 */
export async function startTestRedis(options: { log?: (line: string) => void } = {}): Promise<TestRedis> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-test-redis-'));
  try {
    const redis = await ensureRedis({ dataDir, port: await freePort(), allowInstall: true, log: options.log ?? installProgress });
    return {
      url: redis.url,
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
