// Shared by `npm start` and `npm test`: everything a fresh clone needs before Vigil runs.
// Each step checks first and does nothing when it is already done, so a second run is fast.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options, env: { ...process.env, ...options.env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function runOrExit(command, args, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}

function step(text) {
  console.log(`\n▸ ${text}`);
}

/** node_modules is current when npm's own record of the install is newer than the lockfile. */
function dependenciesInstalled() {
  const record = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  return existsSync(record) && statSync(record).mtimeMs >= statSync(lock).mtimeMs;
}

export function installDependencies() {
  if (dependenciesInstalled()) return;
  step('Installing dependencies (takes a few minutes the first time)');
  // `npm install`, not `npm ci`: chdb lists optional per-platform binaries that the registry
  // does not serve for every platform, so the lockfile cannot record them and `npm ci`
  // refuses it as out of sync. With the lockfile present, `npm install` installs its versions.
  runOrExit('npm', ['install', '--no-audit', '--no-fund']);
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Debian packages Vigil needs from the OS (redis-server for the embedded queue store;
 * chromium and prometheus for tests). Installed when missing and we are root; otherwise the exact
 * command is printed.
 */
export function ensureSystemPackages(packages) {
  const missing = packages.filter(({ binary }) => !existsSync(binary));
  if (missing.length === 0) return;
  const names = missing.map(({ name }) => name);
  if (!isRoot()) {
    console.error(`Vigil needs ${names.join(', ')}. Install with:\n  sudo apt-get install -y --no-install-recommends ${names.join(' ')}`);
    process.exit(1);
  }
  step(`Installing ${names.join(', ')} from Debian's packages`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  runOrExit('apt-get', ['update', '-qq'], { env });
  runOrExit('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env });
}

export const REDIS_PACKAGE = { name: 'redis-server', binary: '/usr/bin/redis-server' };
export const CHROMIUM_PACKAGE = { name: 'chromium', binary: '/usr/bin/chromium' };
/** A real Prometheus as a remote_write client in tests, and a peer in bench/ingest. */
export const PROMETHEUS_PACKAGE = { name: 'prometheus', binary: '/usr/bin/prometheus' };
/** A real HAProxy switched by the failover webhook in the failover e2e (docs/failover.md). */
export const HAPROXY_PACKAGE = { name: 'haproxy', binary: '/usr/sbin/haproxy' };
export const VICTORIA_METRICS_PACKAGE = { name: 'victoria-metrics', binary: '/usr/bin/victoria-metrics' };

/** Generates the Prisma client (offline) and builds server and dashboard through Nx's cache. */
export function build(projects) {
  runOrExit('node', ['libs/config-store/scripts/generate-client.mjs']);
  step(`Building ${projects.join(', ')}`);
  runOrExit('npx', ['nx', 'run-many', '-t', 'build', `--projects=${projects.join(',')}`, '--outputStyle=static'], {
    env: { NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
  });
}
