// CPU seconds and memory of a process tree, from /proc (Linux). Shared by the benchmarks.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid 4, utime 14, stime 15, cutime 16, cstime 17
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

function status(pid, key) {
  try {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * `rootPid` and its descendants, plus processes started from `dir` (their cwd or command line
 * mentions it: a daemonized helper that left the tree).
 */
export function processTree(rootPid, dir) {
  const all = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const parent = new Map();
  for (const pid of all) {
    const s = stat(pid);
    if (s) parent.set(pid, s.ppid);
  }
  const members = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) if (!members.has(pid) && members.has(ppid)) members.add(pid), (grew = true);
  }
  if (dir) {
    for (const pid of all) {
      if (members.has(pid) || pid === process.pid) continue;
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        let cwd = '';
        try { cwd = readlinkSync(`/proc/${pid}/cwd`); } catch { /* gone */ }
        if (cmd.includes(dir) || cwd.startsWith(dir)) members.add(pid);
      } catch { /* gone */ }
    }
  }
  return [...members];
}

/** utime+stime (+ reaped children's) of the tree, in seconds. */
export function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) ticks += stat(pid)?.ticks ?? 0;
  return ticks / CLK_TCK;
}

/** The same seconds split by command name (`node`, `redis-server`, `postgres`…), to tell the parts of a tree apart. */
export function cpuSecondsByCommand(pids) {
  const byCommand = {};
  for (const pid of pids) {
    const s = stat(pid);
    if (s === undefined) continue;
    let command = 'unknown';
    try { command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { /* gone */ }
    byCommand[command] = (byCommand[command] ?? 0) + s.ticks / CLK_TCK;
  }
  return byCommand;
}

export function rssBytes(pids) {
  return pids.reduce((sum, pid) => sum + status(pid, 'VmRSS'), 0);
}

export function peakRssBytes(pid) {
  return status(pid, 'VmHWM');
}

/** Samples the tree's summed RSS every `ms` until stopped; returns the maximum seen. */
export function rssSampler(rootPid, dir, ms = 500) {
  let max = 0;
  const sample = () => {
    max = Math.max(max, rssBytes(processTree(rootPid, dir)));
  };
  sample();
  const timer = setInterval(sample, ms);
  return { stop: () => (clearInterval(timer), sample(), max), get max() { return max; } };
}

/**
 * Waits until the tree uses less than `cores` CPU over `quietMs` (background merges after a
 * load done), at most `maxMs`. Returns the seconds waited.
 */
export async function waitIdle(rootPid, dir, { cores = 0.15, quietMs = 4000, maxMs = 180_000 } = {}) {
  const began = Date.now();
  for (;;) {
    const before = cpuSeconds(processTree(rootPid, dir));
    await new Promise((done) => setTimeout(done, quietMs));
    const used = cpuSeconds(processTree(rootPid, dir)) - before;
    if (used / (quietMs / 1000) < cores || Date.now() - began > maxMs) return (Date.now() - began) / 1000;
  }
}

/** CPU seconds the whole machine spent busy (all processes, /proc/stat), to tell how much else ran. */
export function machineBusySeconds() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}

/**
 * CPU cores used by process trees ([[pid, dir], ...]) from now until the returned stop(), with
 * this script's own and the whole machine's (to tell how much else ran on a shared machine).
 */
export function cpuMeter(trees) {
  const read = () => trees.reduce((sum, [pid, dir]) => sum + cpuSeconds(processTree(pid, dir)), 0);
  const c0 = read();
  const m0 = machineBusySeconds();
  const t0 = Date.now();
  const self0 = process.cpuUsage();
  return () => {
    const seconds = (Date.now() - t0) / 1000;
    const self = process.cpuUsage(self0);
    return { cores: (read() - c0) / seconds, seconds, benchCores: (self.user + self.system) / 1e6 / seconds, machineCores: (machineBusySeconds() - m0) / seconds };
  };
}

/**
 * One process' CPU seconds by thread: its main thread (JS, for Node), the threads named `prefix…`
 * of `groups` (chDB's `MergeMutate` pool, say), and the whole process (exited threads included).
 */
export function threadCpuSeconds(pid, groups = {}) {
  const out = { main: 0, total: (stat(pid)?.ticks ?? 0) / CLK_TCK };
  for (const name of Object.keys(groups)) out[name] = 0;
  let tids = [];
  try { tids = readdirSync(`/proc/${pid}/task`); } catch { /* gone */ }
  for (const tid of tids) {
    let text;
    try { text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'); } catch { continue; }
    const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    if (tid === String(pid)) out.main += seconds;
    else for (const [name, prefix] of Object.entries(groups)) if (comm.startsWith(prefix)) out[name] += seconds;
  }
  return out;
}
