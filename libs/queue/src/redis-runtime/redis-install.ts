import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Where Debian's package puts the binary, checked even when PATH is trimmed (services, cron). */
const WELL_KNOWN_DIRS = ['/usr/bin', '/usr/local/bin', '/usr/sbin'];
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };

/**
 * The first executable `redis-server` on `searchPath` (default: the PATH this process runs
 * with, as the shell resolves it) or else in the usual system directories.
 */
export async function findRedisServer(searchPath?: string): Promise<string | undefined> {
  const onPath = searchPath === undefined ? await shellLookup() : [];
  const dirs = [...(searchPath ?? '').split(delimiter).filter((dir) => dir !== ''), ...WELL_KNOWN_DIRS];
  for (const candidate of [...onPath, ...dirs.map((dir) => join(dir, 'redis-server'))]) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** `command -v` in a shell that inherits our environment: PATH as configured, without reading it ourselves. */
function shellLookup(): Promise<string[]> {
  return new Promise((done) => {
    execFile('/bin/sh', ['-c', 'command -v redis-server'], (error, stdout) => {
      const path = stdout.trim();
      done(!error && path.startsWith('/') ? [path] : []);
    });
  });
}

export interface InstallOptions {
  /** Directories to search (PATH syntax); default the process's PATH. */
  searchPath?: string;
  allowInstall: boolean;
  log: (line: string) => void;
}

/**
 * Finds `redis-server`, installing Debian's package when it is missing and we may (root and
 * `allowInstall`). No npm package ships a Redis binary (redis-memory-server compiles from
 * source, which needs a toolchain and the internet), so the OS package is the dependable way.
 */
export async function ensureRedisServerBinary(options: InstallOptions): Promise<string> {
  const found = await findRedisServer(options.searchPath);
  if (found) return found;
  const hint = 'Install it with `sudo apt-get install -y redis-server`, or set REDIS_URL to use a Redis server you already run.';
  if (!options.allowInstall) throw new Error(`redis-server is not installed. ${hint}`);
  if (process.getuid?.() !== 0) throw new Error(`redis-server is not installed and only root can install it. ${hint}`);

  options.log("redis-server is not installed; installing Debian's redis-server package with apt-get");
  // One install per process even if several callers ask at once; apt itself serialises
  // processes through its lock, which we wait on rather than fail.
  installing ??= installRedisPackage(options.log).finally(() => (installing = undefined));
  await installing;
  const installed = await findRedisServer(options.searchPath);
  if (!installed) throw new Error(`apt-get installed redis-server but no redis-server binary was found. ${hint}`);
  return installed;
}

let installing: Promise<void> | undefined;

async function installRedisPackage(log: (line: string) => void): Promise<void> {
  const install = ['-q', '-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', 'redis-server'];
  // Package lists are refreshed only when the install fails without them (fresh images ship
  // none; old ones point at files the mirror no longer has).
  if ((await run('apt-get', install, log)) !== 0) {
    log('apt-get install failed; refreshing the package lists and trying again');
    const update = await run('apt-get', ['-q', '-o', 'DPkg::Lock::Timeout=300', 'update'], log);
    if (update !== 0) throw new Error(`apt-get update failed (exit ${update}); see the lines above. Install redis-server yourself or set REDIS_URL.`);
    const retry = await run('apt-get', install, log);
    if (retry !== 0) throw new Error(`apt-get install redis-server failed (exit ${retry}); see the lines above. Install it yourself or set REDIS_URL.`);
  }
  await stopDistroService(log);
}

/**
 * The package may start its own redis-server on port 6379 as a system service. Vigil runs a
 * private one, so the distro's is stopped and disabled: it would hold memory and a port and
 * come back at every boot. Each step may fail harmlessly (no systemd, no init script).
 */
async function stopDistroService(log: (line: string) => void): Promise<void> {
  const quiet = () => undefined;
  if (await exists('/run/systemd/system')) await run('systemctl', ['stop', 'redis-server'], quiet);
  else await run('service', ['redis-server', 'stop'], quiet);
  // Both kinds of boot-time start: systemctl edits unit links even when systemd is not running.
  await run('systemctl', ['disable', 'redis-server'], quiet);
  await run('update-rc.d', ['redis-server', 'disable'], quiet);
  log("installed redis-server; the distribution's own redis-server service is stopped and disabled");
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Runs a command, passing its output line by line to `log`; resolves with the exit code (127 if it cannot start). */
function run(command: string, args: string[], log: (line: string) => void): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...processPath(), ...APT_ENV } });
    const forward = (chunk: Buffer) => chunk.toString().split('\n').filter((line) => line.trim() !== '').forEach((line) => log(line));
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('error', () => done(127));
    child.once('close', (code) => done(code ?? 1));
  });
}

/** apt's maintainer scripts need a normal system PATH whatever the caller's is. */
function processPath(): { PATH: string } {
  return { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
}
