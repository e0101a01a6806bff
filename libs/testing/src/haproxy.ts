import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForExit } from './stack';

/** Debian's `haproxy` package. */
export const HAPROXY_BINARY = '/usr/sbin/haproxy';

export function haproxyInstalled(): boolean {
  return existsSync(HAPROXY_BINARY);
}

export interface HaproxyServer {
  /** The frontend clients send requests to. */
  url: string;
  /** The runtime API (`stats socket … level admin`), host:port. */
  runtimeApi: string;
  stop(): Promise<void>;
}

/**
 * A real HAProxy on loopback: one HTTP frontend and backend `backend` with `servers` in order; every
 * server but the first starts in maintenance (`disabled`), and HAProxy runs no health checks of
 * its own, so only the runtime API moves traffic.
 */
export async function startHaproxy(backend: string, servers: readonly { name: string; address: string }[]): Promise<HaproxyServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-haproxy-'));
  const [port, adminPort] = [await freePort(), await freePort()];
  const config = [
    'global',
    `  stats socket ipv4@127.0.0.1:${adminPort} level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 10s',
    '  timeout server 10s',
    'frontend web_in',
    `  bind 127.0.0.1:${port}`,
    `  default_backend ${backend}`,
    `backend ${backend}`,
    ...servers.map((server, index) => `  server ${server.name} ${server.address}${index === 0 ? '' : ' disabled'}`),
    '',
  ].join('\n');
  await writeFile(join(dir, 'haproxy.cfg'), config);
  const child: ChildProcess = spawn(HAPROXY_BINARY, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${output}`);
    if ((await fetch(url).then((response) => response.status, () => 0)) !== 0) break;
    if (Date.now() > deadline) throw new Error(`haproxy was not ready within 20 s:\n${output}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    url,
    runtimeApi: `127.0.0.1:${adminPort}`,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await waitForExit(child, 10_000);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
