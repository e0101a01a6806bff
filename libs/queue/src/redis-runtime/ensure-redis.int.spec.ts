import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis, type RedisRuntime } from './ensure-redis';
import { findRedisServer } from './redis-install';

// Not @vigil/testing's freePort: that lib depends on this one (and lint forbids the reverse).
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

let root: string;
const running: RedisRuntime[] = [];
const start = async (dataDir: string, port: number) => {
  const redis = await ensureRedis({ dataDir, port, allowInstall: true });
  running.push(redis);
  return redis;
};

beforeAll(async () => {
  // A space in the path: the config file must quote it.
  root = await mkdtemp(join(tmpdir(), 'vigil redis-'));
});
afterEach(async () => {
  for (const redis of running.splice(0)) await redis.stop();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ensureRedis (private server)', () => {
  it('starts a server that answers, keeps data across a restart and leaves nothing running', async () => {
    const dataDir = join(root, 'restart');
    const port = await freePort();
    const first = await start(dataDir, port);
    expect(first.embedded).toBe(true);
    expect(first.url).toMatch(new RegExp(`^redis://:[^@]+@127\\.0\\.0\\.1:${port}$`));
    await withClient(first.url, async (client) => {
      expect(await client.ping()).toBe('PONG');
      await client.set('vigil:test:survives', 'yes');
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    });
    const pid = Number(await readFile(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    await first.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'redis', 'redis.pid'))).toBe(false);
    await first.stop(); // twice is harmless

    const second = await start(dataDir, port);
    expect(second.url).toBe(first.url);
    expect(await withClient(second.url, (client) => client.get('vigil:test:survives'))).toBe('yes');
  });

  it('requires the password it generated', async () => {
    const redis = await start(join(root, 'auth'), await freePort());
    const { port } = new URL(redis.url);
    const client = new Redis({ host: '127.0.0.1', port: Number(port), enableReadyCheck: false, maxRetriesPerRequest: 0 });
    try {
      await expect(client.get('x')).rejects.toThrow(/NOAUTH/);
    } finally {
      client.disconnect();
    }
  });

  it('replaces a server a previous start left running (its parent was killed)', async () => {
    const dataDir = join(root, 'stale');
    const port = await freePort();
    const first = await start(dataDir, port);
    await withClient(first.url, (client) => client.set('vigil:test:kept', '1'));
    await first.stop();

    // What a SIGKILLed Vigil leaves behind: the same server, config and pid file, with no parent to stop it.
    const binary = (await findRedisServer()) as string;
    const orphan = spawn(binary, [join(dataDir, 'redis', 'redis.conf')], { detached: true, stdio: 'ignore' });
    orphan.unref();
    for (let i = 0; i < 100 && !existsSync(join(dataDir, 'redis', 'redis.pid')); i++) await sleep(50);
    const orphanPid = orphan.pid as number;
    expect(alive(orphanPid)).toBe(true);

    const fresh = await start(dataDir, port);
    expect(alive(orphanPid)).toBe(false);
    expect(Number(await readFile(join(dataDir, 'redis', 'redis.pid'), 'utf8'))).not.toBe(orphanPid);
    expect(await withClient(fresh.url, (client) => client.get('vigil:test:kept'))).toBe('1');
  });

  it('replaces a server still running from an earlier call in this process', async () => {
    const dataDir = join(root, 'twice');
    const port = await freePort();
    const first = await start(dataDir, port);
    await withClient(first.url, (client) => client.set('vigil:test:kept', '2'));
    const second = await start(dataDir, port);
    expect(await withClient(second.url, (client) => client.get('vigil:test:kept'))).toBe('2');
  });

  it('says so when the port belongs to another program', async () => {
    const port = await freePort();
    // resume(): a paused socket never sees the client's FIN, so close() would wait forever.
    const squatter: Server = createServer((socket) => socket.resume().end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((listening) => squatter.listen(port, '127.0.0.1', listening));
    try {
      await expect(start(join(root, 'squatted'), port)).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use by another program`);
    } finally {
      await new Promise((closed) => squatter.close(closed));
    }
  });

  it('says so when the port belongs to another Redis', async () => {
    const port = await freePort();
    await start(join(root, 'theirs'), port);
    await expect(ensureRedis({ dataDir: join(root, 'ours'), port, allowInstall: true })).rejects.toThrow(/already in use by another Redis server/);
  });
});

describe('ensureRedis (REDIS_URL)', () => {
  it('uses a server that answers and starts nothing', async () => {
    const server = await start(join(root, 'external'), await freePort());
    const redis = await ensureRedis({ redisUrl: server.url, dataDir: join(root, 'unused'), port: 1, allowInstall: false });
    expect(redis).toMatchObject({ url: server.url, embedded: false });
    await redis.stop();
    expect(existsSync(join(root, 'unused'))).toBe(false);
  });

  it('names REDIS_URL, without its password, when nothing answers', async () => {
    const url = `redis://:topsecret@127.0.0.1:${await freePort()}`;
    const failure = ensureRedis({ redisUrl: url, dataDir: root, port: 1, allowInstall: false });
    await expect(failure).rejects.toThrow(/REDIS_URL \(redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\) does not answer PING/);
    await expect(failure).rejects.not.toThrow(/topsecret/);
  });
});
