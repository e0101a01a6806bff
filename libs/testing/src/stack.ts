import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
/** The built entry point of one of Vigil's apps. */
const appMain = (app: VigilApp) => join(ROOT, `dist/server/apps/${app}/src/main.js`);
const DASHBOARD_SERVER = join(ROOT, 'apps/dashboard/server.mjs');
export const TEST_ADMIN = { email: 'admin@vigil.test', password: 'correct-horse-battery-staple' };

/** A port nobody listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitFor(what: string, probe: () => Promise<boolean>, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before it was ready:\n${output()}`);
    if (await probe().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${output()}`);
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
}

/** Vigil's server apps: `standalone` (what `npm start` runs), or one part alone, as scaled out. */
export type VigilApp = 'standalone' | 'api' | 'worker' | 'prober';

export interface StackOptions {
  /** Which app to start (default standalone); only standalone prints the start banner. */
  app?: VigilApp;
  /** Reuse an earlier stack's data directory (to prove data survives a restart). */
  dataDir?: string;
  dashboard?: boolean;
  env?: Record<string, string>;
}

export interface Stack {
  apiUrl: string;
  dashboardUrl: string;
  dataDir: string;
  admin: { email: string; password: string };
  /** From the first-start banner; undefined on a restart, where no credentials are printed. */
  projectId: string | undefined;
  ingestKey: string | undefined;
  /** Everything the Vigil process printed so far. */
  output(): string;
  /**
   * The embedded Postgres of the stack, for tests that must set up what no API does (an
   * invitation that expired yesterday) or look at what is stored (hashes, not secrets).
   */
  databaseUrl(): Promise<string>;
  /** Sends `signal` to the Vigil process and resolves with its exit code. */
  stopApi(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops everything and, unless `keepData`, deletes the data directory. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * POSTs `body` as JSON to an ingest path of the stack (`/api/v1/ingest/logs`, `/api/v1/ingest/metrics`)
 * with its first-start ingest key, for tests that seed data through the public API.
 */
export function postIngestJson(stack: Pick<Stack, 'apiUrl' | 'ingestKey'>, path: string, body: unknown): Promise<Response> {
  return fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.ingestKey ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The ports a Vigil of a test listens on, and its engines'. */
export interface StackPorts {
  api: number;
  dashboard: number;
  postgres: number;
  redis: number;
}

export async function freeStackPorts(): Promise<StackPorts> {
  const [api, dashboard, postgres, redis] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  return { api, dashboard, postgres, redis };
}

/** The environment tests start Vigil with: its own ports and data directory, nothing inherited but PATH and HOME. */
export function stackEnv(ports: StackPorts, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    TZ: 'UTC',
    PORT: String(ports.api),
    DASHBOARD_PORT: String(ports.dashboard),
    EMBEDDED_POSTGRES_PORT: String(ports.postgres),
    EMBEDDED_REDIS_PORT: String(ports.redis),
    VIGIL_DATA_DIR: dataDir,
    VIGIL_ADMIN_EMAIL: TEST_ADMIN.email,
    LOG_LEVEL: 'warn',
    // Tests' webhook receivers listen on loopback, which notifications may not reach by default.
    OUTBOUND_ALLOWLIST: '127.0.0.0/8,::1/128',
    ...extra,
  };
}

/**
 * Boots the built `apps/standalone` (or `options.app`) as a real child process on the embedded
 * engines (chDB, embedded Postgres, a private redis-server) in a temporary data directory, on free
 * ports, and optionally the built dashboard (apps/dashboard/server.mjs) in front of it.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-stack-'));
  const ports = await freeStackPorts();
  const [port, dashboardPort] = [ports.api, ports.dashboard];
  const apiUrl = `http://127.0.0.1:${port}`;
  const env = stackEnv(ports, dataDir, options.env);
  let printed = '';
  const app = options.app ?? 'standalone';
  const api = spawn(process.execPath, ['--enable-source-maps', appMain(app)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  api.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  api.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const output = () => printed;

  let dashboard: ChildProcess | undefined;
  const stopAll = async () => {
    for (const child of [dashboard, api]) if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    // A process that does not finish its graceful stop in time is killed, so a failing test
    // never leaves a Vigil running behind it; the error still fails the test.
    await Promise.all(
      [dashboard, api]
        .filter((child): child is ChildProcess => child !== undefined)
        .map((child) =>
          waitForExit(child, 30_000).catch((error: unknown) => {
            child.kill('SIGKILL');
            throw error;
          }),
        ),
    );
  };
  try {
    await waitFor(`Vigil ${app}`, async () => (await fetch(`${apiUrl}/readyz`)).status === 200, api, output, 120_000);
    if (app === 'standalone') await waitFor('the start banner', async () => printed.includes('Vigil is running.'), api, output, 10_000);
    const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
    if (options.dashboard) {
      let dashboardOutput = '';
      dashboard = spawn(process.execPath, [DASHBOARD_SERVER, '--port', String(dashboardPort), '--host', '127.0.0.1'], {
        cwd: ROOT,
        env: { ...env, API_INTERNAL_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      dashboard.stdout?.on('data', (chunk: Buffer) => (dashboardOutput += chunk.toString()));
      dashboard.stderr?.on('data', (chunk: Buffer) => (dashboardOutput += chunk.toString()));
      const child = dashboard;
      await waitFor('the dashboard', async () => (await fetch(`${dashboardUrl}/login`)).status === 200, child, () => dashboardOutput, 60_000);
    }
    return {
      apiUrl,
      dashboardUrl,
      dataDir,
      admin: { email: TEST_ADMIN.email, password: env['VIGIL_ADMIN_PASSWORD'] ?? bannerValue(printed, 'Password') ?? '' },
      projectId: /Project:\s+.*\(([0-9a-f-]{36})\)/.exec(printed)?.[1],
      ingestKey: bannerValue(printed, 'Ingest key'),
      output,
      databaseUrl: async () => {
        const password = (await readFile(join(dataDir, 'postgres', 'vigil-password'), 'utf8')).trim();
        return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${ports.postgres}/vigil`;
      },
      stopApi: async (signal = 'SIGTERM') => {
        api.kill(signal);
        return waitForExit(api, 30_000);
      },
      stop: async ({ keepData = false } = {}) => {
        await stopAll();
        if (!keepData) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

function bannerValue(banner: string, label: string): string | undefined {
  return new RegExp(`${label}:\\s+(\\S+)`).exec(banner)?.[1];
}
