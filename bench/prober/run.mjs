#!/usr/bin/env node
// Prober benchmark: 10,000 HTTP checks every 30 s against loopback targets for 5 minutes —
// checks/s, schedule lag, CPU and RSS of Vigil — side by side in the same run with
// blackbox_exporter (driven by a real Prometheus) probing the same targets at the same rate;
// then failover detection time (primary killed → active target switched → signed webhook).
//   node bench/prober/run.mjs [--quick] [--no-docs] [--checks=N] [--seconds=S] [--cycles=N] [--cpu-prof=DIR]
// Needs the built server (npx nx run standalone:build); see bench/README.md.
import { cpuSeconds, cpuSecondsByCommand, machineBusySeconds, peakRssBytes, processTree, rssSampler, waitIdle } from '../lib/procstat.mjs';
import { cleanupOnSignals, fmt, mib, runBenchmark, startWatchdog, stopChild, version } from '../lib/processes.mjs';
import { machineInfo, markdownTable, printTable, vigilRevision, writeBenchmarkSection } from '../lib/report.mjs';
import { requireBuiltServer, requirePackages } from '../lib/systems.mjs';
import { measureFailover } from './failover.mjs';
import { blackboxUp, createChecks, startBlackboxPair, startTargets, startVigilForProbes } from './systems.mjs';

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => !a.includes('=')));
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const QUICK = flags.has('--quick');
const WRITE_DOCS = !flags.has('--no-docs');
const CFG = QUICK ? { checks: 1000, seconds: 60, cycles: 1 } : { checks: 10_000, seconds: 300, cycles: 3 };
if (option('checks')) CFG.checks = Number(option('checks'));
if (option('seconds')) CFG.seconds = Number(option('seconds'));
if (option('cycles')) CFG.cycles = Number(option('cycles'));
/** Where Vigil writes a V8 CPU profile (.cpuprofile, when it stops) for a look at where the prober's time goes. */
const CPU_PROF = option('cpu-prof');
const CUSTOM = Boolean(option('checks') || option('seconds') || option('cycles') || CPU_PROF);
const INTERVAL_S = 30;
const TIMEOUT_MS = 10_000;
const TARGET_PORTS = 8;
const FAILOVER = { intervalSeconds: 10, timeoutMs: 2_000, fall: 2, rise: 2 };
const IDLE_S = 15;
const BOUND_MS = (QUICK ? 15 : 45) * 60_000;
const log = (...a) => console.log(...a);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

requirePackages([['/usr/bin/prometheus-blackbox-exporter', 'prometheus-blackbox-exporter'], ['/usr/bin/prometheus', 'prometheus']]);
requireBuiltServer();
cleanupOnSignals();
const watchdog = startWatchdog(BOUND_MS);

/** CPU seconds used by each process tree between start and stop(), with the machine's. */
function cpuMeter(trees) {
  const read = () => Object.fromEntries(Object.entries(trees).map(([name, [pid, dir]]) => [name, cpuSeconds(processTree(pid, dir))]));
  const c0 = read();
  const m0 = machineBusySeconds();
  const t0 = Date.now();
  return () => {
    const seconds = (Date.now() - t0) / 1000;
    const c1 = read();
    return { seconds, cpu: Object.fromEntries(Object.keys(c1).map((name) => [name, c1[name] - c0[name]])), machine: machineBusySeconds() - m0 };
  };
}

/** The cumulative buckets of `vigil_probe_lag_seconds{kind="http"}` from Vigil's /metrics. */
async function lagBuckets(vigil) {
  const text = await (await fetch(`${vigil.url}/metrics`)).text();
  const buckets = [];
  for (const match of text.matchAll(/^vigil_probe_lag_seconds_bucket\{([^}]*)\} (\S+)$/gm)) {
    if (!match[1].includes('kind="http"')) continue;
    const le = /le="([^"]+)"/.exec(match[1])[1];
    buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count: Number(match[2]) });
  }
  return buckets.sort((a, b) => a.le - b.le);
}

/** histogram_quantile over the difference of two bucket snapshots (linear within a bucket, as Prometheus). */
function lagQuantiles(before, after) {
  const delta = after.map((bucket, i) => ({ le: bucket.le, count: bucket.count - (before[i]?.count ?? 0) }));
  const total = delta.at(-1)?.count ?? 0;
  const quantile = (q) => {
    const rank = q * total;
    let lower = 0;
    let below = 0;
    for (const bucket of delta) {
      if (bucket.count >= rank) {
        if (bucket.le === Infinity) return lower;
        return lower + (bucket.le - lower) * ((rank - below) / Math.max(1, bucket.count - below));
      }
      lower = bucket.le;
      below = bucket.count;
    }
    return NaN;
  };
  const underOne = delta.find((bucket) => bucket.le === 1)?.count ?? 0;
  return { runs: total, p50: quantile(0.5), p99: quantile(0.99), underOneShare: total > 0 ? underOne / total : NaN };
}

/** Of the checks, how many were probed exactly `expected` times in the window, fewer, more. */
function onTime(byHits, expected) {
  let exact = 0;
  let fewer = 0;
  let more = 0;
  let missingRuns = 0;
  for (const [hits, checks] of Object.entries(byHits)) {
    const n = Number(hits);
    if (n === expected) exact += checks;
    else if (n < expected) (fewer += checks), (missingRuns += (expected - n) * checks);
    else more += checks;
  }
  return { exact, fewer, more, missingRuns };
}

async function measureProbing() {
  const targets = await startTargets({ ports: TARGET_PORTS, checks: CFG.checks });
  const urls = Array.from({ length: CFG.checks }, (_, i) => targets.url(i));
  log(`  targets (pid ${targets.pid}): ${CFG.checks} paths on ${TARGET_PORTS} loopback ports`);
  const vigil = await startVigilForProbes(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []);
  log(`  Vigil standalone (pid ${vigil.pid}, ${vigil.url}, data ${vigil.dir})`);
  await waitIdle(vigil.pid, vigil.dir, { maxMs: 60_000 });
  const idleMeter = cpuMeter({ vigil: [vigil.pid, vigil.dir] });
  await sleep(IDLE_S * 1000);
  const idle = idleMeter();
  log(`  Vigil idle (no checks): ${fmt(idle.cpu.vigil / idle.seconds, 3)} cores over ${fmt(idle.seconds)} s`);

  const createdAt = Date.now();
  await createChecks(vigil, urls, { intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, onProgress: (n) => log(`  ${n} checks created (${fmt((Date.now() - createdAt) / 1000)} s)`) });
  const createSeconds = (Date.now() - createdAt) / 1000;
  log(`  ${CFG.checks} checks created through the API in ${fmt(createSeconds, 1)} s`);
  const { blackbox, prometheus } = await startBlackboxPair(urls, { intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS });
  log(`  blackbox_exporter (pid ${blackbox.pid}, ${blackbox.url}) ← Prometheus (pid ${prometheus.pid}, ${prometheus.url}) scraping ${CFG.checks} /probe targets every ${INTERVAL_S} s`);

  // Warm-up: every scheduler has fired and Prometheus has scraped every target once.
  await sleep((INTERVAL_S + 15) * 1000);
  const lag0 = await lagBuckets(vigil);
  await targets.reset();
  const meter = cpuMeter({ vigil: [vigil.pid, vigil.dir], blackbox: [blackbox.pid], prometheus: [prometheus.pid], targets: [targets.pid] });
  const vigilParts0 = cpuSecondsByCommand(processTree(vigil.pid, vigil.dir));
  const self0 = process.cpuUsage();
  const rss = rssSampler(vigil.pid, vigil.dir, 1000);
  const rssBlackbox = rssSampler(blackbox.pid, undefined, 1000);
  const rssPrometheus = rssSampler(prometheus.pid, undefined, 1000);
  log(`  measuring ${CFG.seconds} s...`);
  await sleep(CFG.seconds * 1000);
  const used = meter();
  const vigilParts1 = cpuSecondsByCommand(processTree(vigil.pid, vigil.dir));
  const self = process.cpuUsage(self0);
  const stats = await targets.stats();
  const lag = lagQuantiles(lag0, await lagBuckets(vigil));
  const up = await blackboxUp(prometheus);
  const figures = {
    seconds: used.seconds,
    idleCores: idle.cpu.vigil / idle.seconds,
    createSeconds,
    expectedPerCheck: Math.round(CFG.seconds / INTERVAL_S),
    vigil: { probes: stats.vigil.total, cpu: used.cpu.vigil, parts: Object.fromEntries(Object.entries(vigilParts1).map(([command, seconds]) => [command, seconds - (vigilParts0[command] ?? 0)])), rss: rss.stop(), hwm: peakRssBytes(vigil.pid), lag, onTime: onTime(stats.vigil.byHits, Math.round(CFG.seconds / INTERVAL_S)) },
    blackbox: { probes: stats.blackbox.total, cpu: used.cpu.blackbox, rss: rssBlackbox.stop(), onTime: onTime(stats.blackbox.byHits, Math.round(CFG.seconds / INTERVAL_S)), up },
    prometheus: { cpu: used.cpu.prometheus, rss: rssPrometheus.stop() },
    targetsCpu: used.cpu.targets,
    benchCpu: (self.user + self.system) / 1e6,
    machineCpu: used.machine,
  };
  figures.others = figures.machineCpu - figures.vigil.cpu - figures.blackbox.cpu - figures.prometheus.cpu - figures.targetsCpu - figures.benchCpu;
  await stopChild(prometheus.child);
  await stopChild(blackbox.child);
  return { vigil, targets, figures };
}

// ------------------------------------------------------------------ table, targets, docs

const secs = (ms) => fmt(ms / 1000, 1);
const verdict = (ok) => (ok ? 'met' : 'NOT MET');

function tables(f, failover) {
  const per = (cpu, probes) => (probes > 0 ? (cpu / probes) * 1e3 : NaN);
  const rate = (probes) => probes / f.seconds;
  const expected = CFG.checks * f.expectedPerCheck;
  const header = ['system', 'probes/s', 'runs done / due', 'checks probed on time', 'schedule lag p50 / p99', 'CPU (cores)', 'CPU ms per probe', 'RSS peak'];
  const rows = [
    ['Vigil standalone (whole tree: API, worker, prober, Postgres, Redis, chDB)', fmt(rate(f.vigil.probes), 1), `${fmt(f.vigil.probes)} / ${fmt(expected)}`, `${fmt(f.vigil.onTime.exact)} of ${fmt(CFG.checks)} (fewer ${fmt(f.vigil.onTime.fewer)}, more ${fmt(f.vigil.onTime.more)})`,
      `${fmt(f.vigil.lag.p50 * 1000)} ms / ${fmt(f.vigil.lag.p99 * 1000)} ms`, fmt(f.vigil.cpu / f.seconds, 2), fmt(per(f.vigil.cpu, f.vigil.probes), 2), mib(f.vigil.rss)],
    ['Vigil, net of its idle CPU', '', '', '', '', fmt(f.vigil.cpu / f.seconds - f.idleCores, 2), fmt(per(f.vigil.cpu - f.idleCores * f.seconds, f.vigil.probes), 2), ''],
    ['blackbox_exporter', fmt(rate(f.blackbox.probes), 1), `${fmt(f.blackbox.probes)} / ${fmt(expected)}`, `${fmt(f.blackbox.onTime.exact)} of ${fmt(CFG.checks)} (fewer ${fmt(f.blackbox.onTime.fewer)}, more ${fmt(f.blackbox.onTime.more)})`,
      '–', fmt(f.blackbox.cpu / f.seconds, 2), fmt(per(f.blackbox.cpu, f.blackbox.probes), 2), mib(f.blackbox.rss)],
    ['Prometheus driving it (scrapes, TSDB)', '', '', '', '', fmt(f.prometheus.cpu / f.seconds, 2), fmt(per(f.prometheus.cpu, f.blackbox.probes), 2), mib(f.prometheus.rss)],
    ['blackbox_exporter + Prometheus', '', '', '', '', fmt((f.blackbox.cpu + f.prometheus.cpu) / f.seconds, 2), fmt(per(f.blackbox.cpu + f.prometheus.cpu, f.blackbox.probes), 2), ''],
  ];
  const detect = failover.runs.map((run) => run.switchMs);
  const hooks = failover.runs.map((run) => run.webhookMs);
  const failoverRows = failover.runs.map((run, i) => [`cycle ${i + 1}`, `${secs(run.switchMs)} s`, `${secs(run.webhookMs)} s`, `${secs(run.pollMs)} s (${run.pollTarget})`]);
  const netPerProbe = per(f.vigil.cpu - f.idleCores * f.seconds, f.vigil.probes);
  const bbPerProbe = per(f.blackbox.cpu, f.blackbox.probes);
  const targets = [
    [`every check on time, lag p99 < 1 s`, `${fmt(f.vigil.onTime.exact)} of ${fmt(CFG.checks)} checks probed exactly ${f.expectedPerCheck}× in ${fmt(f.seconds)} s (${fmt(f.vigil.onTime.missingRuns)} runs missing); lag p99 ${fmt(f.vigil.lag.p99 * 1000)} ms, ${fmt(f.vigil.lag.underOneShare * 100, 2)} % of runs started within 1 s`,
      verdict(f.vigil.lag.p99 < 1 && f.vigil.onTime.missingRuns <= CFG.checks * 0.001)],
    ['CPU per probe no worse than blackbox_exporter’s', `Vigil ${fmt(netPerProbe, 2)} ms net of idle (${fmt(per(f.vigil.cpu, f.vigil.probes), 2)} ms with it) vs blackbox_exporter ${fmt(bbPerProbe, 2)} ms alone, ${fmt(per(f.blackbox.cpu + f.prometheus.cpu, f.blackbox.probes), 2)} ms with Prometheus`, verdict(netPerProbe <= bbPerProbe)],
    [`failover within fall × interval + 1 s (${secs(failover.boundMs)} s)`, `switched after ${detect.map(secs).join(', ')} s; signed webhook after ${hooks.map(secs).join(', ')} s${failover.unverified ? `; ${failover.unverified} webhooks failed verification` : ''}`,
      verdict(hooks.length > 0 && Math.max(...hooks) <= failover.boundMs && failover.unverified === 0)],
  ];
  return { header, rows, failoverHeader: ['failover (primary SIGKILLed)', 'active target switched', 'signed webhook received', 'long-poll answered'], failoverRows, targets };
}

/** Vigil's tree by command (node = API, worker, prober and chDB in one process), cores and ms per probe. */
function describeParts(f) {
  return Object.entries(f.vigil.parts).filter(([, seconds]) => seconds > 0.005 * f.seconds).sort((a, b) => b[1] - a[1])
    .map(([command, seconds]) => `${command} ${fmt(seconds / f.seconds, 2)} cores (${fmt((seconds / Math.max(1, f.vigil.probes)) * 1e3, 2)} ms per probe)`).join(', ');
}

function describeRun(machine, f) {
  return `Run: \`node bench/prober/run.mjs${QUICK ? ' --quick' : ''}\` on ${machine.date} (${machine.mode} run, ${fmt(machine.minutes, 0)} min) — ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, ` +
    `Node ${machine.node}, blackbox_exporter ${machine.blackbox}, Prometheus ${machine.prometheus}, Vigil ${machine.vigil}. ` +
    `${fmt(CFG.checks)} HTTP checks every ${INTERVAL_S} s (timeout ${TIMEOUT_MS / 1000} s) on ${TARGET_PORTS} loopback ports of a Node target process (\`GET /c/<n>\`, 200), created through Vigil's API in ${fmt(f.createSeconds)} s; ` +
    `blackbox_exporter (\`http_2xx\`) probing the same ${fmt(CFG.checks)} URLs, driven by Prometheus scraping \`/probe?target=…\` every ${INTERVAL_S} s — both at once. ` +
    `Measured over ${fmt(f.seconds)} s after one interval of warm-up: probes counted by the target per prober (User-Agent) and per check; Vigil's schedule lag from its \`vigil_probe_lag_seconds\` histogram (interpolated within buckets); CPU of each process tree from /proc. ` +
    `Vigil's idle CPU (before any check, ${IDLE_S} s) was ${fmt(f.idleCores, 3)} cores; in the window by process: ${describeParts(f)}. Other CPU on the machine in the window (other engineers' work, not the systems, targets or script): ${fmt(f.others / f.seconds, 2)} cores; targets ${fmt(f.targetsCpu / f.seconds, 2)}, this script ${fmt(f.benchCpu / f.seconds, 2)}. ` +
    `Failover: a group over two loopback targets (own processes), checks every ${FAILOVER.intervalSeconds} s with a ${FAILOVER.timeoutMs / 1000} s timeout, fall ${FAILOVER.fall}, rise ${FAILOVER.rise}, a webhook channel to a receiver that verifies the Standard Webhooks signature, and a long-poll (\`?wait=60s\`) on /active; the primary killed with SIGKILL at a varying point of its interval while the ${fmt(CFG.checks)} checks keep running.`;
}

function writeDocs(machine, t, f) {
  const file = writeBenchmarkSection('prober', 'Checks (bench/prober)', 'node bench/prober/run.mjs', [
    describeRun(machine, f),
    '',
    ...markdownTable(t.header, t.rows),
    '',
    ...markdownTable(t.failoverHeader, t.failoverRows),
    '',
    ...markdownTable(['target', 'figures', 'verdict'], t.targets),
  ]);
  log(`Wrote the figures to ${file}`);
}

async function main() {
  const began = Date.now();
  const machine = machineInfo({
    prometheus: version('/usr/bin/prometheus', ['--version']).replace(/^prometheus, version /, ''),
    blackbox: version('/usr/bin/prometheus-blackbox-exporter', ['--version']).replace(/^blackbox_exporter, version /, ''),
    vigil: vigilRevision(),
    mode: CUSTOM ? 'custom' : QUICK ? 'quick' : 'full',
  });
  log(`Vigil prober benchmark (${machine.mode}) — ${machine.date}, ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, Node ${machine.node}`);
  log(`  blackbox_exporter ${machine.blackbox}; Prometheus ${machine.prometheus}; Vigil ${machine.vigil}; ${CFG.checks} checks, ${CFG.seconds} s, ${CFG.cycles} failover cycles`);

  const { vigil, figures } = await measureProbing();
  log(`\n=== Failover detection (${CFG.cycles} cycles, the ${CFG.checks} checks still running) ===`);
  const failover = await measureFailover(vigil, { ...FAILOVER, cycles: CFG.cycles, log });
  await stopChild(vigil.child, vigil.dir);

  machine.minutes = (Date.now() - began) / 60_000;
  const t = tables(figures, failover);
  log('');
  printTable(t.header, t.rows);
  log('');
  printTable(t.failoverHeader, t.failoverRows);
  log(`\nblackbox_exporter's probes that succeeded at the end (Prometheus): ${figures.blackbox.up.success} of ${figures.blackbox.up.targets}`);
  log(`Vigil's CPU by process: ${describeParts(figures)}`);
  log(`Other CPU on the machine during the window: ${fmt(figures.others / figures.seconds, 2)} cores (targets ${fmt(figures.targetsCpu / figures.seconds, 2)}, this script ${fmt(figures.benchCpu / figures.seconds, 2)})`);
  log('\nTargets:');
  for (const [what, text, ok] of t.targets) log(`  ${ok.padEnd(8)} ${what}: ${text}`);
  log(`\nTotal ${fmt(machine.minutes, 1)} min`);
  if (WRITE_DOCS && !CUSTOM) writeDocs(machine, t, figures);
  else if (WRITE_DOCS) log('(docs/benchmarks.md left alone: it is written only with the default shapes)');
}

await runBenchmark(main, watchdog);
