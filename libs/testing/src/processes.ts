import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';

/** One process as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** R, S, D, Z (zombie: exited, not yet collected), … */
  state: string;
  /** Clock ticks after boot: with the pid, names one process even if the pid is reused. */
  startTime: string;
  cmdline: string;
}

export function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { pid, ppid: Number(fields[1]), state: fields[0] ?? '?', startTime: fields[19] ?? '', cmdline };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/** `root` and every process below it now (children of children included). */
export function processTree(root: number): ProcessInfo[] {
  const all = allProcesses();
  const tree = all.filter((info) => info.pid === root);
  for (let i = 0; i < tree.length; i += 1) tree.push(...all.filter((info) => info.ppid === tree[i]?.pid));
  return tree;
}

/** Whether that very process still runs (a zombie has exited: only its collection is pending). */
export function stillRunning(info: ProcessInfo): boolean {
  const now = readProcess(info.pid);
  return now !== undefined && now.startTime === info.startTime && now.state !== 'Z';
}

/**
 * Running processes (not this one) whose command line, environment or working directory names
 * `path`: what is left of a Vigil that ran on that data directory.
 */
export function processesReferencing(path: string): ProcessInfo[] {
  return allProcesses().filter((info) => {
    if (info.pid === process.pid || info.state === 'Z') return false;
    if (info.cmdline.includes(path)) return true;
    try {
      if (readFileSync(`/proc/${info.pid}/environ`, 'utf8').includes(path)) return true;
      return readlinkSync(`/proc/${info.pid}/cwd`).startsWith(path);
    } catch {
      return false;
    }
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1_000, () => {
      socket.destroy();
      done(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
