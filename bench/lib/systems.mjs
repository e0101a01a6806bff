// The systems under test, each started on free loopback ports: Vigil standalone (the built
// dist/server, spawned like libs/testing/src/stack.ts does), VictoriaMetrics and Prometheus
// and Alertmanager (Debian packages). Shared by the benchmarks.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, getJson, ROOT, start, tempDir, waitReady } from './processes.mjs';

export const VIGIL_MAIN = join(ROOT, 'dist/server/apps/standalone/src/main.js');

/** Exits with a hint when dist/server is missing. */
export function requireBuiltServer() {
  if (!existsSync(VIGIL_MAIN)) {
    console.error(`${VIGIL_MAIN} is missing: build the server first with\n  npx nx run standalone:build`);
    process.exit(1);
  }
}

/**
 * Vigil standalone. `dir` defaults to a fresh temp dir (removed at the end); a kept dir starts
 * on its existing data. On a first start the banner prints the ingest key (`key`, with
 * `auth` as its Bearer header); later starts print none (`key` undefined). `adminPassword`
 * sets (or resets) the admin's password, for a session. Start-up runs pending migrations
 * (a backfill over a large kept data set can take minutes: `readyMs`). `nodeArgs` go to Node
 * before the script (`--cpu-prof`, which NODE_OPTIONS does not take).
 */
export async function startVigil({ dir = tempDir('vigil-bench-'), adminEmail = 'bench@vigil.test', adminPassword, env: extraEnv = {}, readyMs = 120_000, nodeArgs = [] } = {}) {
  const [port, pg, redis, dash] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', TZ: 'UTC', LOG_LEVEL: 'warn',
    PORT: String(port), DASHBOARD_PORT: String(dash), EMBEDDED_POSTGRES_PORT: String(pg), EMBEDDED_REDIS_PORT: String(redis),
    VIGIL_DATA_DIR: dir, VIGIL_ADMIN_EMAIL: adminEmail, NODE_ENV: 'production',
    ...(adminPassword === undefined ? {} : { VIGIL_ADMIN_PASSWORD: adminPassword }),
    ...extraEnv,
  };
  const child = start(process.execPath, [...nodeArgs, VIGIL_MAIN], { cwd: ROOT, env });
  child.vigilDir = dir;
  const url = `http://127.0.0.1:${port}`;
  await waitReady('Vigil standalone', child, async () => (await fetch(`${url}/readyz`)).status === 200, readyMs);
  // The banner follows readiness; the ingest key is in it on a first start only.
  await waitReady('the start banner', child, async () => child.output.includes('Ingest key:') || child.output.includes('with the password shown at the first start'), 10_000);
  const key = /Ingest key:\s+(\S+)/.exec(child.output)?.[1];
  return { name: 'Vigil', child, pid: child.pid, dir, url, key, auth: key ? { authorization: `Bearer ${key}` } : {}, ports: { pg, redis } };
}

/** VictoriaMetrics; `dir` defaults to a fresh temp dir, `args` are extra flags. */
export async function startVictoria({ dir = tempDir('vm-bench-'), retention = '1', args = [] } = {}) {
  const port = await freePort();
  const child = start('/usr/bin/victoria-metrics', [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${dir}`, '-loggerLevel=WARN', `-retentionPeriod=${retention}`, ...args]);
  const url = `http://127.0.0.1:${port}`;
  await waitReady('VictoriaMetrics', child, async () => (await fetch(`${url}/health`)).status === 200, 30_000);
  return { name: 'VictoriaMetrics', child, pid: child.pid, dir, url, auth: {} };
}

/**
 * Prometheus with the remote-write receiver and no scrape jobs unless `scrapeConfigs` (YAML list
 * items, indented under `scrape_configs:`) names some. `config` is appended to its
 * prometheus.yml (rule_files, alerting, an evaluation_interval under `global`); `args` are
 * extra flags (`--web.enable-lifecycle` for POST /-/reload). Files it refers to go in `dir`.
 */
export async function startPrometheus({ global = {}, config = '', args = [], scrapeConfigs = '', dir = tempDir('prom-bench-') } = {}) {
  const port = await freePort();
  const globals = Object.entries({ scrape_interval: '15s', ...global }).map(([key, value]) => `  ${key}: ${value}\n`).join('');
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n${globals}scrape_configs:${scrapeConfigs ? `\n${scrapeConfigs}` : ' []'}\n${config}`);
  const child = start('/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-remote-write-receiver', '--log.level=warn', ...args,
  ], { cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  await waitReady('Prometheus', child, async () => (await fetch(`${url}/-/ready`)).status === 200, 30_000);
  return { name: 'Prometheus', child, pid: child.pid, dir, url, auth: {} };
}

/**
 * Prometheus Alertmanager (Debian's prometheus-alertmanager) with `config` as its YAML, on
 * loopback, clustering off (`--cluster.listen-address=` empty: no gossip port on 0.0.0.0).
 */
export async function startAlertmanager(config) {
  const dir = tempDir('am-bench-');
  const port = await freePort();
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const child = start('/usr/bin/prometheus-alertmanager', [
    `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=', '--log.level=warn',
  ], { cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  await waitReady('Alertmanager', child, async () => (await fetch(`${url}/-/ready`)).status === 200, 30_000);
  return { name: 'Alertmanager', child, pid: child.pid, dir, url, port };
}

/** Signs in to Vigil (POST /api/v1/auth/login) and returns the session cookie and the user's projects. */
export async function vigilLogin(vigil, email, password) {
  const response = await fetch(`${vigil.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
  const user = await response.json();
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, user, headers: { cookie } };
}

/**
 * The project a benchmark works in: the admin's only project besides Vigil's own
 * self-monitoring project (slug vigil-self-monitoring, created at start-up).
 */
export function benchProject(user) {
  const projects = user.projects.filter((project) => project.slug !== 'vigil-self-monitoring');
  if (projects.length !== 1) throw new Error(`expected one project besides self-monitoring, found ${projects.map((project) => project.slug).join(', ') || 'none'}`);
  return projects[0];
}

export { getJson };

/** Exits with the apt-get command when a peer's Debian package is missing: [[binary, package], ...]. */
export function requirePackages(binaries) {
  const missing = binaries.filter(([binary]) => !existsSync(binary));
  if (missing.length === 0) return;
  console.error(`Missing ${missing.map(([binary]) => binary).join(', ')}: install the peers with\n  apt-get install -y ${[...new Set(missing.map(([, pkg]) => pkg))].join(' ')}`);
  process.exit(1);
}
