/**
 * The redis.conf Vigil writes for its private server. A file rather than command-line flags
 * so the password never appears in `ps` output and paths need no shell-style quoting.
 */
export interface PrivateRedisConfig {
  port: number;
  /** Absolute directory for the AOF, the RDB snapshot and the pid file. */
  dir: string;
  pidFile: string;
  password: string;
}

export function renderRedisConfig(config: PrivateRedisConfig): string {
  const lines: [string, ...string[]][] = [
    // Loopback only: other machines reach Vigil's Redis through REDIS_URL setups, never this one.
    ['bind', '127.0.0.1'],
    ['port', String(config.port)],
    ['protected-mode', 'yes'],
    // We are its parent process: no daemon, logs on stdout, which Vigil forwards.
    ['daemonize', 'no'],
    ['supervised', 'no'],
    ['logfile', ''],
    ['loglevel', 'warning'],
    ['pidfile', config.pidFile],
    ['dir', config.dir],
    ['requirepass', config.password],
    // Queued jobs must survive a crash or restart: the append-only file, fsynced every second
    // (at most a second of writes lost on power failure; `always` would fsync every command).
    ['appendonly', 'yes'],
    ['appendfsync', 'everysec'],
    // RDB snapshots as well: they make restarts fast and give a compact backup.
    ['save', '3600', '1', '300', '100', '60', '10000'],
    // BullMQ must never have its keys evicted; this is Redis's default, stated because it matters.
    ['maxmemory-policy', 'noeviction'],
  ];
  return `# Written by Vigil at every start; edits are lost.\n${lines.map(([name, ...values]) => [name, ...values.map(quote)].join(' ')).join('\n')}\n`;
}

/** Double-quoted as Redis's config parser (sdssplitargs) reads it. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
