// The systems under test, each started on free loopback ports: Vigil standalone (the built
// dist/server, spawned like libs/testing/src/stack.ts does), VictoriaMetrics and Prometheus
// (Debian packages). Shared by bench/ingest and bench/query.
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
 * (a backfill over a large kept data set can take minutes: `readyMs`).
 */
export async function startVigil({ dir = tempDir('vigil-bench-'), adminEmail = 'bench@vigil.test', adminPassword, env: extraEnv = {}, readyMs = 120_000 } = {}) {
  const [port, pg, redis, dash] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', TZ: 'UTC', LOG_LEVEL: 'warn',
    PORT: String(port), DASHBOARD_PORT: String(dash), EMBEDDED_POSTGRES_PORT: String(pg), EMBEDDED_REDIS_PORT: String(redis),
    VIGIL_DATA_DIR: dir, VIGIL_ADMIN_EMAIL: adminEmail, NODE_ENV: 'production',
    ...(adminPassword === undefined ? {} : { VIGIL_ADMIN_PASSWORD: adminPassword }),
    ...extraEnv,
  };
  const child = start(process.execPath, [VIGIL_MAIN], { cwd: ROOT, env });
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

export async function startPrometheus() {
  const dir = tempDir('prom-bench-');
  const port = await freePort();
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\nscrape_configs: []\n');
  const child = start('/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-remote-write-receiver', '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitReady('Prometheus', child, async () => (await fetch(`${url}/-/ready`)).status === 200, 30_000);
  return { name: 'Prometheus', child, pid: child.pid, dir, url, auth: {} };
}

/** Signs in to Vigil (POST /api/v1/auth/login) and returns the session cookie and the user's projects. */
export async function vigilLogin(vigil, email, password) {
  const response = await fetch(`${vigil.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
  const user = await response.json();
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, user, headers: { cookie } };
}

export { getJson };
