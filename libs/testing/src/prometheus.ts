import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './stack';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';
export const PROMTOOL_BINARY = '/usr/bin/promtool';

/** Runs Prometheus' promtool (same package) and resolves with its output; rejects with it on failure. */
export function promtool(args: readonly string[], timeoutMs = 300_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(PROMTOOL_BINARY, [...args], { timeout: timeoutMs, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`promtool ${args.slice(0, 3).join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

export interface PrometheusOptions {
  /** Scrape targets (every second); none: no scrape job. */
  targets?: string[];
  /** Where to remote_write everything scraped, with a bearer token. */
  remoteWrite?: { url: string; bearerToken: string };
  /** An existing TSDB directory (e.g. blocks made by `promtool tsdb create-blocks-from`); kept on stop. Default: a fresh temporary one. */
  tsdbPath?: string;
  /** Rule files to load (recording or alerting rules). */
  ruleFiles?: string[];
}

export interface PrometheusServer {
  url: string;
  /** Prometheus' own HTTP API: `GET /api/v1/query` etc., parsed. */
  api<T>(path: string, params: Record<string, string>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus (Debian's package) on loopback that scrapes `targets` every second and
 * remote_writes everything to `remoteWrite.url` with a bearer token, flushing within a second;
 * or one that serves an existing TSDB (`tsdbPath`, kept for ten years) with `ruleFiles` loaded.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-prometheus-'));
  const port = await freePort();
  const targets = options.targets ?? [];
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    ...(options.ruleFiles && options.ruleFiles.length > 0 ? ['rule_files:', ...options.ruleFiles.map((file) => `  - '${file}'`)] : []),
    ...(targets.length > 0 ? ['scrape_configs:', '  - job_name: e2e', '    static_configs:', `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`] : []),
    ...(options.remoteWrite
      ? [
          'remote_write:',
          `  - url: '${options.remoteWrite.url}'`,
          '    authorization:',
          `      credentials: '${options.remoteWrite.bearerToken}'`,
          '    queue_config:',
          '      batch_send_deadline: 1s',
          '      min_backoff: 100ms',
          '      max_backoff: 1s',
        ]
      : []),
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${options.tsdbPath ?? join(dir, 'data')}`,
      ...(options.tsdbPath ? ['--storage.tsdb.retention.time=3650d'] : []),
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${stderr}`);
    if ((await fetch(`${url}/-/ready`).then((response) => response.status, () => 0)) === 200) break;
    if (Date.now() > deadline) throw new Error(`prometheus was not ready within 30 s:\n${stderr}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    url,
    api: async <T>(path: string, params: Record<string, string>) => {
      const response = await fetch(`${url}${path}?${new URLSearchParams(params)}`);
      const body = (await response.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? response.status}`);
      return body.data;
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
