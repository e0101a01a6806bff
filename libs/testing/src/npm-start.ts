import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, stackEnv, type StackPorts, waitFor } from './stack';

export interface NpmStart {
  /** The pid of `node scripts/start.mjs`, which leads its own process group. */
  pid: number;
  apiUrl: string;
  dashboardUrl: string;
  /** Everything npm start and Vigil printed so far. */
  output(): string;
  /** Sends `signal` to the whole process group, as a terminal or `kill -9 -<pgid>` would. */
  killGroup(signal: NodeJS.Signals): void;
  exited: Promise<void>;
}

/**
 * Runs `node scripts/start.mjs --no-build` — what `npm start` runs, without the install and build
 * checks (the e2e run has built everything) — in its own process group on `ports` and `dataDir`,
 * and waits until the API is ready and the dashboard answers.
 */
export async function startNpmStart(ports: StackPorts, dataDir: string, env: Record<string, string> = {}): Promise<NpmStart> {
  let printed = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--no-build'], {
    cwd: ROOT,
    env: stackEnv(ports, dataDir, { LOG_LEVEL: 'info', ...env }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const pid = child.pid ?? 0;
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const dashboardUrl = `http://127.0.0.1:${ports.dashboard}`;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  try {
    // The banner first: an earlier Vigil still stopping on the same port could answer /readyz.
    await waitFor('npm start (the banner)', () => Promise.resolve(printed.includes('Vigil is running.')), child, () => printed, 120_000);
    await waitFor('npm start (the API)', async () => (await fetch(`${apiUrl}/readyz`)).status === 200, child, () => printed, 120_000);
    await waitFor('npm start (the dashboard)', async () => (await fetch(`${dashboardUrl}/login`)).status === 200, child, () => printed, 60_000);
  } catch (error) {
    killGroup('SIGTERM');
    throw error;
  }
  return { pid, apiUrl, dashboardUrl, output: () => printed, killGroup, exited };
}

/** Runs one of the repository's scripts (`scripts/backup.mjs`, …) to its end. */
export function runScript(script: string, args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    let output = '';
    const child = spawn(process.execPath, [join(ROOT, 'scripts', script), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, output }));
  });
}
