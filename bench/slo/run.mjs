#!/usr/bin/env node
// SLO benchmark: N SLOs over bench/query's data set (30 days of 1-minute samples) in Vigil
// standalone, recorded and evaluated every minute with live ingest running — engine time and CPU
// per minute of evaluation, how long recording the history took, SLO list and detail latencies —
// beside the same SLOs as Sloth's recording rules in a real Prometheus on the same samples.
//   node bench/slo/run.mjs [--quick] [--no-docs] [--slos=N]
// Needs the built server (npx nx run standalone:build); see bench/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { get, percentile } from '../lib/http.mjs';
import { markdownRow as md, markdownTable as mdTable, writeBenchmarkSection } from '../lib/report.mjs';
import { cpuMeter, waitIdle } from '../lib/procstat.mjs';
import { cleanup, cleanupOnSignals, fmt, ROOT, startWatchdog, stopChild, version } from '../lib/processes.mjs';
import { REMOTE_WRITE_HEADERS } from '../lib/remote-write.mjs';
import { requireBuiltServer, requirePackages, startPrometheus, startVigil, vigilLogin } from '../lib/systems.mjs';
import { DAY_MS, HOUR_MS, SHAPES } from '../query/dataset.mjs';
import { remoteWriteIterators, sendAll } from '../query/workload.mjs';
import { makeSlos, ruleFile, startLiveIngest, vigilSlo } from './workload.mjs';

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => !a.includes('=')));
const QUICK = flags.has('--quick');
const WRITE_DOCS = !flags.has('--no-docs');
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SHAPE = QUICK ? SHAPES.quick : SHAPES.full;
const CFG = QUICK
  ? { slos: 100, cpuMinutes: 2, runs: 20, loadMs: 8 * 60_000, historyMs: 10 * 60_000, totalMs: 35 * 60_000 }
  : { slos: 500, cpuMinutes: 5, runs: 40, loadMs: 40 * 60_000, historyMs: 45 * 60_000, totalMs: 120 * 60_000 };
if (option('slos')) CFG.slos = Number(option('slos'));
const CUSTOM = option('slos') !== undefined;
const TARGETS = { evaluationSecondsPerMinute: 10, listP95Ms: 300, detail30dP95Ms: 300, detailQuarterP95Ms: 500 };
const ADMIN = { email: 'bench@vigil.test', password: 'bench-slo-password' };
const MAX_AGE_MS = (SHAPE.days + 7) * DAY_MS;
const log = (...a) => console.log(...a);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
/** The running Vigil, so a failure can show what it logged. */
let running;

requirePackages([['/usr/bin/prometheus', 'prometheus']]);
requireBuiltServer();
cleanupOnSignals();
const watchdog = startWatchdog(CFG.totalMs);

/** Sums of Vigil's self-metrics that say how much engine and evaluation time went where. */
async function selfMetrics(vigil) {
  const text = await (await fetch(`${vigil.url}/metrics`)).text();
  const sum = (pattern) => text.split('\n').filter((line) => pattern.test(line)).reduce((n, line) => n + Number(line.split(' ').at(-1)), 0);
  return {
    evaluationLane: sum(/^vigil_engine_operation_duration_seconds_sum\{[^}]*lane="evaluation"/),
    backgroundLane: sum(/^vigil_engine_operation_duration_seconds_sum\{[^}]*lane="background"/),
    alertEvaluation: sum(/^vigil_alert_evaluation_duration_seconds_sum/),
    ruleEvaluations: sum(/^vigil_alert_rule_evaluations_total/),
    processCpu: sum(/^vigil_process_cpu_seconds_total/),
  };
}

/** One measured phase of `minutes`: CPU of both systems, and Vigil's engine and evaluation time, per minute. */
async function phase(label, minutes, vigil, prometheus) {
  const before = await selfMetrics(vigil);
  const stopVigil = cpuMeter([[vigil.pid, vigil.dir]]);
  const stopProm = cpuMeter([[prometheus.pid, prometheus.dir]]);
  await sleep(minutes * 60_000);
  const v = stopVigil();
  const p = stopProm();
  const after = await selfMetrics(vigil);
  const perMinute = (key) => ((after[key] - before[key]) * 60) / v.seconds;
  const result = {
    vigilCpuPerMinute: v.cores * 60, prometheusCpuPerMinute: p.cores * 60, otherCores: Math.max(0, v.machineCores - v.cores - p.cores), seconds: v.seconds,
    processCpuPerMinute: perMinute('processCpu'), evaluationLane: perMinute('evaluationLane'), backgroundLane: perMinute('backgroundLane'), alertEvaluation: perMinute('alertEvaluation'), ruleEvaluations: perMinute('ruleEvaluations'),
  };
  log(`  ${label} (${fmt(v.seconds)} s): CPU s per minute Vigil ${fmt(result.vigilCpuPerMinute, 1)} (its own process_cpu_seconds_total: ${fmt(result.processCpuPerMinute, 1)}), Prometheus ${fmt(result.prometheusCpuPerMinute, 1)} (other processes ${fmt(result.otherCores, 2)} cores); ` +
    `Vigil per minute: engine ${fmt(result.evaluationLane, 2)} s evaluation lane + ${fmt(result.backgroundLane, 2)} s background, alert evaluations ${fmt(result.alertEvaluation, 2)} s (${fmt(result.ruleEvaluations)} rules)`);
  return result;
}

/** GETs `path` WARMUP + runs times one after another; p50/p95 ms of the runs. */
async function latency(label, vigil, path) {
  const agent = new http.Agent({ keepAlive: true });
  const times = [];
  let bytes = 0;
  try {
    for (let i = 0; i < 2 + CFG.runs; i++) {
      const t0 = performance.now();
      const answer = await get(agent, `${vigil.url}${path}`, vigil.session.headers, 60_000);
      const ms = performance.now() - t0;
      if (answer.status !== 200) throw new Error(`${label}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
      bytes = answer.body.length;
      if (i >= 2) times.push(ms);
    }
  } finally {
    agent.destroy();
  }
  times.sort((a, b) => a - b);
  const result = { p50: percentile(times, 50), p95: percentile(times, 95), runs: times.length, bytes };
  log(`  ${label.padEnd(44)} p50 ${fmt(result.p50, 1).padStart(7)} ms  p95 ${fmt(result.p95, 1).padStart(7)} ms  (${result.runs} runs, ${fmt(bytes / 1024)} KiB)`);
  return result;
}

/** 429/503 answers Vigil gave (each retried after its Retry-After, as a client should). */
let overloadedAnswers = 0;
const MAX_RETRIES = 10;

async function api(vigil, method, path, body) {
  const send = () => fetch(`${vigil.url}${path}${path.includes('?') ? '&' : '?'}project=${vigil.projectId}`, {
    method, headers: { ...vigil.session.headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  let response = await send();
  for (let retry = 1; (response.status === 429 || response.status === 503) && retry <= MAX_RETRIES; retry++) {
    overloadedAnswers++;
    const waitS = Number(response.headers.get('retry-after')) || 1;
    log(`  ${method} ${path}: ${response.status} (${(await response.text()).slice(0, 160)}); retry ${retry} after ${waitS} s`);
    await sleep(waitS * 1000);
    response = await send();
  }
  if (!response.ok) {
    const text = await response.text();
    // A 500 names an error id; Vigil's log line with it says what went wrong.
    const errorId = /"errorId":"([^"]+)"/.exec(text)?.[1];
    const loggedLines = () => (errorId ? vigil.child.output.split('\n').filter((line) => line.includes(errorId)).join('\n').slice(0, 4000) : '');
    // The log line may reach the child's output after the answer did: wait for it (bounded).
    for (let waited = 0; errorId && !loggedLines() && waited < 5_000; waited += 100) await sleep(100);
    const logged = loggedLines();
    throw new Error(`${method} ${path}: ${response.status} ${text}${logged ? `\nVigil logged:\n${logged}` : ''}`);
  }
  return response.status === 204 ? undefined : response.json();
}

async function main() {
  const began = Date.now();
  const machine = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`, node: process.version,
    prometheus: version('/usr/bin/prometheus', ['--version']).replace(/^prometheus, version /, ''),
    chdb: JSON.parse(readFileSync(join(ROOT, 'node_modules/chdb/package.json'), 'utf8')).version,
    vigil: `${version('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'])}${version('git', ['-C', ROOT, 'status', '--porcelain', '--', 'apps', 'libs']) ? ' + uncommitted changes' : ''}`,
    mode: QUICK ? 'quick' : 'full',
  };
  log(`Vigil SLO benchmark (${machine.mode}) — ${machine.date}, ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, Node ${machine.node}; Prometheus ${machine.prometheus}; chDB ${machine.chdb}; Vigil ${machine.vigil}`);
  const slos = makeSlos(SHAPE, CFG.slos);

  // Systems: Vigil (project limits raised for 30-day-old samples) and Prometheus (out-of-order
  // window for the same; lifecycle API to load the rules later).
  const vigil = await startVigil({ adminPassword: ADMIN.password });
  running = vigil;
  const session = await vigilLogin(vigil, ADMIN.email, ADMIN.password);
  vigil.session = session;
  vigil.projectId = session.user.projects[0].id;
  await api(vigil, 'PATCH', '/api/v1/project-settings', { retentionDays: 400, ingestLimits: { maxAgeMs: MAX_AGE_MS } });
  const rulesPath = join(os.tmpdir(), `vigil-bench-slo-rules-${process.pid}.yml`);
  writeFileSync(rulesPath, 'groups: []\n');
  const prometheus = await startPrometheus({ global: { evaluation_interval: '1m' }, config: `storage:\n  tsdb:\n    out_of_order_time_window: ${SHAPE.days + 2}d\nrule_files:\n  - ${rulesPath}\n`, args: ['--web.enable-lifecycle', '--storage.tsdb.retention.time=60d'] });
  log(`  Vigil standalone (pid ${vigil.pid}, ${vigil.url}); Prometheus (pid ${prometheus.pid}, ${prometheus.url})`);

  // bench/query's metric samples (no log lines), ending at the last whole hour.
  const endMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const startMs = endMs - SHAPE.days * DAY_MS;
  const total = SHAPE.series * SHAPE.days * 1440;
  const load = {};
  for (const [name, url, headers] of [['Vigil', `${vigil.url}/api/v1/write`, vigil.auth], ['Prometheus', `${prometheus.url}/api/v1/write`, {}]]) {
    log(`  loading bench/query's ${fmt(SHAPE.series)} series × ${SHAPE.days} days (${fmt(total / 1e6, 1)} M samples) into ${name}...`);
    load[name] = await sendAll({ label: `${name} samples`, url, headers: { ...REMOTE_WRITE_HEADERS, ...headers }, iterators: remoteWriteIterators(SHAPE, startMs), total, loadMs: CFG.loadMs, progressMs: 30_000, log });
  }
  const live = startLiveIngest({ shape: SHAPE, fromMs: endMs, targets: [{ name: 'Vigil', url: `${vigil.url}/api/v1/write`, headers: vigil.auth }, { name: 'Prometheus', url: `${prometheus.url}/api/v1/write`, headers: {} }], log });
  while (!live.caughtUp()) await sleep(1000);
  log(`  live ingest: ${fmt(SHAPE.series)} series, a sample each a minute, to both (caught up to now: ${live.stats.minutes} minutes sent)`);
  log(`  Vigil idle after ${fmt(await waitIdle(vigil.pid, vigil.dir, { cores: 0.3, maxMs: 300_000 }))} s`);
  // Prometheus compacts the out-of-order samples just loaded (half a core for minutes): its CPU
  // without rules must be measured after that, or "with rules − without" comes out negative.
  log(`  Prometheus idle after ${fmt(await waitIdle(prometheus.pid, prometheus.dir, { cores: 0.2, quietMs: 15_000, maxMs: 900_000 }))} s`);
  const none = await phase(`no SLOs, no rules, ingest running`, CFG.cpuMinutes, vigil, prometheus);

  // The SLOs: through Vigil's API; as Sloth's rules into Prometheus (file + reload).
  let t = Date.now();
  const created = [];
  for (const slo of slos) created.push((await api(vigil, 'POST', '/api/v1/slos', vigilSlo(slo))).id);
  log(`  created ${created.length} SLOs in Vigil in ${fmt((Date.now() - t) / 1000, 1)} s (${created.length * 5} alert rules kept by them)`);
  writeFileSync(rulesPath, ruleFile(slos));
  const reload = await fetch(`${prometheus.url}/-/reload`, { method: 'POST' });
  if (!reload.ok) throw new Error(`Prometheus reload: ${reload.status} ${await reload.text()}`);
  const groups = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()).data.groups;
  log(`  loaded ${groups.length} rule groups (${groups.reduce((n, g) => n + g.rules.length, 0)} rules) into Prometheus`);

  // History: recorded backwards a day at a time, 20 s of engine time a pass.
  t = Date.now();
  let history = { done: 0, slos: 0 };
  for (;;) {
    const list = await api(vigil, 'GET', '/api/v1/slos');
    history = { done: list.slos.filter((s) => s.recording.history.state === 'done').length, slos: list.slos.length, errors: list.slos.filter((s) => s.recording.error).length };
    if (history.done === history.slos) break;
    if (Date.now() - t > CFG.historyMs) throw new Error(`history not recorded within ${CFG.historyMs / 60_000} min: ${history.done} of ${history.slos} done`);
    await sleep(10_000);
  }
  const historyMinutes = (Date.now() - t) / 60_000;
  log(`  history of ${history.slos} SLOs recorded (${SHAPE.days} days back) in ${fmt(historyMinutes, 1)} min; ${history.errors} with a recording error`);
  await sleep(60_000);
  const withSlos = await phase(`${CFG.slos} SLOs and ${CFG.slos} × 17 Sloth rules, ingest running`, CFG.cpuMinutes, vigil, prometheus);
  const ruleHealth = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()).data.groups.flatMap((g) => g.rules).filter((r) => r.health !== 'ok');
  const promEval = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()).data.groups.reduce((n, g) => n + g.evaluationTime, 0);
  log(`  Prometheus: ${ruleHealth.length} rules not ok${ruleHealth.length ? ` (e.g. ${ruleHealth[0].lastError})` : ''}; the groups' last evaluation took ${fmt(promEval, 2)} s together`);

  // Reads, with ingest and evaluation running.
  const rolling = created[0];
  const quarter = created[slos.findIndex((s) => s.window.kind === 'calendar' && s.window.unit === 'quarter')];
  const reads = {
    list: await latency(`GET /slos (${CFG.slos} SLOs)`, vigil, `/api/v1/slos?project=${vigil.projectId}`),
    detail30d: await latency('GET /slos/{id} (rolling 30 days)', vigil, `/api/v1/slos/${rolling}?project=${vigil.projectId}`),
    detailQuarter: await latency('GET /slos/{id} (calendar quarter)', vigil, `/api/v1/slos/${quarter}?project=${vigil.projectId}`),
  };
  await live.stop();
  if (live.stats.failures) log(`  live ingest: ${live.stats.failures} refused writes, the last: ${live.stats.lastError}`);
  await stopChild(vigil.child, vigil.dir);
  await stopChild(prometheus.child, prometheus.dir);

  const evaluation = withSlos.evaluationLane - none.evaluationLane + withSlos.alertEvaluation;
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const targets = [
    [`evaluation of ${CFG.slos} SLOs ≤ ${TARGETS.evaluationSecondsPerMinute} s per minute`, `${fmt(evaluation, 2)} s: engine time in the evaluation lane ${fmt(withSlos.evaluationLane, 2)} s (${fmt(none.evaluationLane, 2)} s without SLOs) + alert evaluations of the SLO rules ${fmt(withSlos.alertEvaluation, 2)} s (which include their engine reads, so this counts those twice)`, verdict(evaluation <= TARGETS.evaluationSecondsPerMinute)],
    [`SLO list p95 < ${TARGETS.listP95Ms} ms`, `p95 ${fmt(reads.list.p95)} ms (p50 ${fmt(reads.list.p50)} ms)`, verdict(reads.list.p95 < TARGETS.listP95Ms)],
    [`SLO detail p95 < ${TARGETS.detail30dP95Ms} ms over 30 days`, `p95 ${fmt(reads.detail30d.p95)} ms (p50 ${fmt(reads.detail30d.p50)} ms)`, verdict(reads.detail30d.p95 < TARGETS.detail30dP95Ms)],
    [`SLO detail p95 < ${TARGETS.detailQuarterP95Ms} ms over a quarter`, `p95 ${fmt(reads.detailQuarter.p95)} ms (p50 ${fmt(reads.detailQuarter.p50)} ms)`, verdict(reads.detailQuarter.p95 < TARGETS.detailQuarterP95Ms)],
  ];
  const cpuRows = [
    ['Vigil (incl. Postgres, Redis)', fmt(none.vigilCpuPerMinute, 1), fmt(withSlos.vigilCpuPerMinute, 1), fmt(withSlos.vigilCpuPerMinute - none.vigilCpuPerMinute, 1)],
    ['Prometheus (Sloth rules)', fmt(none.prometheusCpuPerMinute, 1), fmt(withSlos.prometheusCpuPerMinute, 1), fmt(withSlos.prometheusCpuPerMinute - none.prometheusCpuPerMinute, 1)],
  ];
  machine.minutes = (Date.now() - began) / 60_000;
  log('\nCPU seconds per minute (ingest running in both phases):');
  for (const row of cpuRows) log(`  ${row[0].padEnd(32)} without ${row[1].padStart(6)}  with ${row[2].padStart(6)}  evaluation ${row[3].padStart(6)}`);
  log('\nTargets:');
  for (const [what, figures, ok] of targets) log(`  ${ok.padEnd(8)} ${what}: ${figures}`);
  log(`\nTotal ${fmt(machine.minutes, 1)} min`);
  log(`  Vigil answered ${overloadedAnswers} API calls 429/503 (each retried after its Retry-After)`);
  const results = { machine, load, historyMinutes, none, withSlos, reads, cpuRows, targets, ruleCount: groups.reduce((n, g) => n + g.rules.length, 0) };
  if (WRITE_DOCS && !CUSTOM) writeDocs(results);
  else if (WRITE_DOCS) log('(docs/benchmarks.md left alone: a run with --slos is not written)');
}

function writeDocs({ machine, load, historyMinutes, none, withSlos, reads, cpuRows, targets, ruleCount }) {
  const others = Math.max(none.otherCores, withSlos.otherCores);
  const lines = [
    `Run: \`node bench/slo/run.mjs${QUICK ? ' --quick' : ''}\` on ${machine.date} (${machine.mode} run, ${fmt(machine.minutes, 0)} min) — ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, ` +
      `Node ${machine.node}, Prometheus ${machine.prometheus}, chDB ${machine.chdb}, Vigil ${machine.vigil}. ` +
      `${CFG.slos} SLOs over bench/query's ${fmt(SHAPE.series)} series × ${SHAPE.days} days (loaded into Vigil at ${fmt(load.Vigil.items / load.Vigil.seconds / 1000)} k samples/s and into Prometheus, out-of-order window, at ${fmt(load.Prometheus.items / load.Prometheus.seconds / 1000)} k/s): ` +
      `availability (\`_count\` not 500 / all) and latency (six bucket bounds) per service and route, objectives 99–99.9 %, 80 % rolling 30 days, 10 % calendar month, 10 % calendar quarter; each keeps 5 alert rules (workbook pairs, budget). ` +
      `Live ingest of the same series (a sample a minute each) to both systems throughout. History (${SHAPE.days} days back) recorded in ${fmt(historyMinutes, 1)} min. ` +
      `Prometheus evaluates the same SLOs as Sloth's rules (${fmt(ruleCount)} rules: seven error ratios and the period's, metadata recordings, page and ticket alerts) every minute; its period ratio is Sloth's mean of the recorded 5-minute ratio, which holds only the bench's minutes, so its cost here is below a month-old Prometheus'. ` +
      `Phases of ${CFG.cpuMinutes} min without and with the SLOs; reads ${CFG.runs} runs each, one after another, after the phases, with ingest and evaluation running. Other processes on the machine used up to ${fmt(others, 2)} cores meanwhile.`,
    '',
    ...mdTable(['system', 'CPU s per minute without', 'with the SLOs', 'evaluation (difference)'], cpuRows),
    '',
    ...mdTable(['Vigil, per minute', 'without SLOs', `with ${CFG.slos} SLOs`], [
      ['engine time, evaluation lane (s)', fmt(none.evaluationLane, 2), fmt(withSlos.evaluationLane, 2)],
      ['engine time, background lane (s)', fmt(none.backgroundLane, 2), fmt(withSlos.backgroundLane, 2)],
      ['alert evaluations (s, rules)', `${fmt(none.alertEvaluation, 2)} (${fmt(none.ruleEvaluations)})`, `${fmt(withSlos.alertEvaluation, 2)} (${fmt(withSlos.ruleEvaluations)})`],
      ['process CPU, its own counter (s)', fmt(none.processCpuPerMinute, 1), fmt(withSlos.processCpuPerMinute, 1)],
    ]),
    '',
    ...mdTable(['read', 'p50 ms', 'p95 ms', 'answer'], [
      [`GET /api/v1/slos (${CFG.slos})`, fmt(reads.list.p50), fmt(reads.list.p95), `${fmt(reads.list.bytes / 1024)} KiB`],
      ['GET /api/v1/slos/{id}, rolling 30 days', fmt(reads.detail30d.p50), fmt(reads.detail30d.p95), `${fmt(reads.detail30d.bytes / 1024)} KiB`],
      ['GET /api/v1/slos/{id}, calendar quarter', fmt(reads.detailQuarter.p50), fmt(reads.detailQuarter.p95), `${fmt(reads.detailQuarter.bytes / 1024)} KiB`],
    ]),
    '',
    ...mdTable(['target', 'figures', ''], targets),
  ];
  log(`Wrote the figures to ${writeBenchmarkSection('slo', 'SLOs (bench/slo)', 'node bench/slo/run.mjs', lines)}`);
}

try {
  await main();
} catch (error) {
  console.error(error);
  const logged = running?.child.output.split('\n').filter((line) => /"level":(40|50)/.test(line)).slice(-5) ?? [];
  if (logged.length) console.error(`Vigil's last warnings and errors:\n${logged.map((line) => `  ${line.slice(0, 2000)}`).join('\n')}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
