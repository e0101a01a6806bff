// Child processes and temporary directories of a benchmark, all removed at the end and on
// Ctrl-C; free loopback ports; readiness probes. Shared by bench/ingest and bench/query.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { processTree } from './procstat.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');

const children = new Set();
const tempDirs = new Set();
let cleaning = false;

/** A fresh directory under the OS temp dir, removed by cleanup(). */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => (clearTimeout(timer), done(true)));
  });
}

/**
 * SIGTERM, then SIGKILL after 30 s; helpers the child started (Vigil's Postgres and Redis, found
 * through `dir`) are ended by pid if a graceful stop left them behind.
 */
export async function stopChild(child, dir) {
  if (child.exitCode === null && child.signalCode === null) {
    const tree = processTree(child.pid, dir).filter((pid) => pid !== child.pid);
    child.kill('SIGTERM');
    if (!(await waitExit(child, 30_000))) child.kill('SIGKILL'), await waitExit(child, 5_000);
    for (const pid of tree) try { process.kill(pid, 0); process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  children.delete(child);
}

/** Stops every child still running and removes the temp dirs. Safe to call twice. */
export async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  await Promise.all([...children].map((child) => stopChild(child, child.vigilDir)));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

/** Stops everything and exits 2 when the benchmark runs past `boundMs`; runBenchmark() stops it. */
export function startWatchdog(boundMs) {
  const watchdog = setTimeout(() => {
    console.error(`\nThe benchmark ran past its ${boundMs / 60_000} min bound: stopping.`);
    cleanup().finally(() => process.exit(2));
  }, boundMs);
  watchdog.unref();
  return watchdog;
}

/** Runs a benchmark's `main`: an error is printed and sets exit code 1; the watchdog is stopped and everything cleaned up either way. */
export async function runBenchmark(main, watchdog = undefined) {
  try {
    await main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

/** On SIGINT/SIGTERM: cleanup(), then exit 130. */
export function cleanupOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping everything and removing temp dirs...`);
      cleanup().finally(() => process.exit(130));
    });
  }
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Spawns a child whose output (the last 200 kB) is kept in `child.output`; cleanup() ends it. */
export function start(command, argv, options = {}) {
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.output = '';
  child.stdout.on('data', (chunk) => (child.output = (child.output + chunk).slice(-200_000)));
  child.stderr.on('data', (chunk) => (child.output = (child.output + chunk).slice(-200_000)));
  children.add(child);
  return child;
}

/** Forgets a child that has exited by itself (so cleanup() does not wait for it). */
export function forget(child) {
  children.delete(child);
}

export async function waitReady(what, child, probe, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${child.output}`);
    if (await probe().catch(() => false)) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${what} was not ready within ${ms} ms:\n${child.output}`);
}

export async function getJson(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The first line a command prints for its version (or its error), for the report. */
export function version(command, argv) {
  try {
    return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0].trim();
  } catch (error) {
    return (error.stdout || error.stderr || '').split('\n')[0].trim() || 'unknown';
  }
}

/**
 * Runs a Node script as a child (embedded chDB allows one data directory per process, so chDB
 * work never runs in the benchmark process itself) and returns the JSON of its `RESULT ` line.
 */
export async function nodeTask(script, argv, what = argv[0]) {
  const child = start(process.execPath, ['--max-old-space-size=8192', script, ...argv], { cwd: ROOT });
  const [code] = await new Promise((done) => child.once('exit', (...a) => done(a)));
  children.delete(child);
  const line = child.output.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`${what} failed (${code}):\n${child.output.slice(-4000)}`);
  return JSON.parse(line.slice(7));
}

export const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
export const mib = (bytes) => `${fmt(bytes / 2 ** 20)} MiB`;

