import { Redis } from 'ioredis';

/** What a URL says about a connection; a subset that both ioredis and BullMQ accept. */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: { servername: string };
  maxRetriesPerRequest?: null;
}

/**
 * ioredis options for a `redis://` or `rediss://` URL. BullMQ takes options (not a URL string
 * we would have to trust it to parse the same way), and building them here keeps one reading
 * of the URL for queues, workers and plain clients.
 *
 * `blocking` is for BullMQ workers: their blocking connection must retry a command forever
 * (`maxRetriesPerRequest: null`), or a Redis restart makes the worker throw and stop.
 */
export function redisOptionsFromUrl(url: string, options: { blocking?: boolean } = {}): RedisConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Not a Redis URL: ${redactRedisUrl(url)} (expected redis://[user:password@]host[:port][/db])`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`Not a Redis URL: ${redactRedisUrl(url)} (the scheme must be redis:// or rediss://)`);
  }
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new Error(`Redis URL ${redactRedisUrl(url)} names database "${dbText}"; expected a number such as /0`);
  const result: RedisConnectionOptions = {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db,
  };
  if (parsed.username !== '') result.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') result.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') result.tls = { servername: result.host };
  if (options.blocking) result.maxRetriesPerRequest = null;
  return result;
}

/** The URL with its password replaced, for messages and logs. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/**
 * A general-purpose client (counters, heartbeats, health checks). Commands fail after a few
 * reconnect attempts instead of waiting forever, so a request never hangs on a Redis outage.
 */
export function createRedisClient(url: string): Redis {
  return new Redis({ ...redisOptionsFromUrl(url), maxRetriesPerRequest: 3 });
}
