import { readFile, readlink, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

const STOP_TIMEOUT_MS = 30_000;

/**
 * A redis-server left running on our data directory by an earlier Vigil that was killed
 * (SIGKILL, OOM, a crashed terminal). Reusing it would be dangerous: its configuration may
 * be stale, and its parent is gone, so nothing would ever stop it. It is asked to shut down
 * (SIGTERM is Redis's graceful shutdown: it fsyncs the AOF and writes a snapshot) so a fresh
 * server starts on the same files.
 */
export async function stopStaleRedis(pidFile: string, redisDir: string, log: (line: string) => void): Promise<void> {
  const pid = await readPid(pidFile);
  if (pid === undefined) return;
  if (!(await isRunning(pid)) || !(await belongsTo(pid, redisDir))) {
    // The pid is gone or now belongs to an unrelated process; only the file is stale.
    await rm(pidFile, { force: true });
    return;
  }
  log(`stopping a redis-server left running by an earlier start (pid ${pid}) on ${redisDir}`);
  await terminate(pid);
}

/**
 * Makes sure `port` on loopback is free for our server. If a Redis holding our data
 * directory answers there (its pid file lost), it is shut down like a stale one; anything
 * else on the port is an error that says what to change.
 */
export async function freeRedisPort(port: number, password: string, redisDir: string, log: (line: string) => void): Promise<void> {
  if (await isPortFree(port)) return;
  const owner = await identify(port, password);
  if (owner.kind === 'redis' && owner.dir === redisDir) {
    log(`shutting down a redis-server left running on port ${port} by an earlier start`);
    await shutdown(port, password);
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (!(await isPortFree(port))) {
      if (Date.now() > deadline) throw new Error(`the redis-server left on 127.0.0.1:${port} did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
      await sleep(100);
    }
    return;
  }
  const what =
    owner.kind === 'not-redis'
      ? 'another program (it does not answer as Redis)'
      : owner.kind === 'redis'
        ? `a Redis server with data in ${owner.dir}, not ${redisDir}`
        : 'another Redis server that is not Vigil’s';
  throw new Error(
    `Port ${port} on 127.0.0.1 is already in use by ${what}. Choose another port for Vigil's Redis (EMBEDDED_REDIS_PORT) or set REDIS_URL to use an existing server.`,
  );
}

async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (a zombie has exited; only its parent has not collected it yet). */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Redis changes its working directory to `dir`, which tells its instance apart from any other. */
async function belongsTo(pid: number, redisDir: string): Promise<boolean> {
  const [cwd, comm] = await Promise.all([readlink(`/proc/${pid}/cwd`).catch(() => ''), readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')]);
  return cwd === redisDir && comm.trim().startsWith('redis-server');
}

async function terminate(pid: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (await isRunning(pid)) {
    if (Date.now() > deadline) {
      signal('SIGKILL');
      await sleep(500);
      return;
    }
    await sleep(100);
  }
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

type PortOwner = { kind: 'redis'; dir: string } | { kind: 'other-redis' } | { kind: 'not-redis' };

async function identify(port: number, password: string): Promise<PortOwner> {
  if (!/^[+-]/.test(await rawPing(port))) return { kind: 'not-redis' };
  const client = probeClient(port, password);
  try {
    await client.connect();
    const reply = (await client.config('GET', 'dir')) as string[];
    return { kind: 'redis', dir: reply[1] ?? '' };
  } catch {
    // A Redis with another password (or CONFIG renamed away): not one of ours.
    return { kind: 'other-redis' };
  } finally {
    client.disconnect();
  }
}

/** The first reply line to an inline PING: `+PONG` or `-NOAUTH ...` from any Redis, else something else or ''. */
function rawPing(port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const finish = () => {
      socket.destroy();
      done(reply);
    };
    socket.setTimeout(2_000, finish);
    socket.once('error', finish);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\n')) finish();
    });
    socket.once('end', finish);
  });
}

async function shutdown(port: number, password: string): Promise<void> {
  const client = probeClient(port, password);
  try {
    await client.connect();
    await client.shutdown('SAVE');
  } catch {
    // The server closes the connection as it shuts down, so the reply never arrives.
  } finally {
    client.disconnect();
  }
}

function probeClient(port: number, password: string): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    password,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
  });
  // Failures surface through the awaited calls; without a listener ioredis would also print them.
  client.on('error', () => undefined);
  return client;
}
