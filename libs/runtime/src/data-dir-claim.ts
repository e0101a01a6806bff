import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const PID_FILE = 'vigil.pid';
/** How long a start waits for a Vigil left by a killed `npm start` to finish stopping. */
const ORPHAN_WAIT_MS = 60_000;

interface Holder {
  pid: number;
  /** Clock ticks since boot at which the process started (/proc/<pid>/stat): tells pid reuse apart. */
  startTime: string;
  /** The process that started it; a different parent now means it was orphaned. */
  parentPid: number;
}

export interface DataDirClaim {
  release(): Promise<void>;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
async function procStat(pid: number): Promise<string[] | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** The holder's process, if it still runs (and is not a zombie): its current parent. */
async function running(holder: Holder): Promise<{ parentPid: number } | undefined> {
  const fields = await procStat(holder.pid);
  // fields[0] is the state, [1] the parent pid, [19] the start time.
  if (!fields || fields[0] === 'Z' || fields[19] !== holder.startTime) return undefined;
  return { parentPid: Number(fields[1]) };
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as Holder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes this process the one Vigil of `dataDir` (embedded chDB locks it anyway, but with a
 * message nobody can act on, and only after Postgres and Redis were started): a pid file with
 * the process's start time. A holder that is gone is replaced. A holder whose parent has changed
 * was orphaned by a killed `npm start` and is stopping on its own (it watches its parent), so
 * this start waits for it, up to a minute; one still with its parent is a running Vigil, and
 * this start stops with a message that names it.
 */
export async function claimDataDir(dataDir: string, log: (line: string) => void): Promise<DataDirClaim> {
  const file = join(dataDir, PID_FILE);
  const self = await procStat(process.pid);
  const me: Holder = { pid: process.pid, startTime: self?.[19] ?? '', parentPid: process.ppid };
  const deadline = Date.now() + ORPHAN_WAIT_MS;
  let waiting = false;
  for (;;) {
    const holder = await readHolder(file);
    const state = holder && (await running(holder));
    if (holder && state) {
      if (state.parentPid === holder.parentPid) {
        throw new Error(`Vigil is already running on ${dataDir} (pid ${holder.pid}); stop it first, or give this one another VIGIL_DATA_DIR`);
      }
      if (Date.now() > deadline) throw new Error(`the Vigil left running on ${dataDir} by an earlier start (pid ${holder.pid}) did not stop within ${ORPHAN_WAIT_MS / 1000} s; stop it (kill ${holder.pid}) and start again`);
      if (!waiting) log(`waiting for the Vigil left running on ${dataDir} by an earlier start (pid ${holder.pid}) to finish stopping`);
      waiting = true;
      await sleep(200);
      continue;
    }
    await rm(file, { force: true });
    try {
      const handle = await open(file, 'wx', 0o644);
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      break;
    } catch (error) {
      // Another start created it between our read and our write: look again.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return {
    release: async () => {
      if ((await readHolder(file))?.pid === process.pid) await rm(file, { force: true });
    },
  };
}
