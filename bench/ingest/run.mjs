#!/usr/bin/env node
// Ingest benchmark: Vigil standalone vs VictoriaMetrics vs Prometheus (remote_write), Vigil's
// OTLP/JSON paths, and the engine's own limit (chDB rawInsert of the same rows).
//   node bench/ingest/run.mjs [--quick] [--no-docs] [--only=vigil-remote_write]
// --only=vigil-remote_write: Vigil's remote_write maximum and the 80 % run alone (no peers, no
// other scenarios, no engine rows, docs untouched), with the split of where the time went.
// The 80 % run is paced at 80 % of Vigil's *sustained* maximum: right after the burst, a closed
// loop twice as long (40 s; the same bodies, a sender starting its own again when used up) whose
// rate is taken over its second half only: warm (series rows written, JIT done) and with the
// merges of the parts the load itself made running beside the inserts. The burst maximum (the
// 20 s closed loop every system gets, the table's row) is a cold start, and one full run's burst
// (909 k/s against 567–692 k/s in later runs of the same build) made its "80 %" saturate. Both
// are printed, with the sustained loop's rate per 5 s window (docs/benchmarks.md "p99 at 80 %").
// --only=vigil-otlp: Vigil's remote_write maximum then OTLP metrics protobuf on the same server, as
// in the full run (the 50 % per-point target's rates: OTLP as SDKs export it, 2,000 points a
// request, and as a Collector's batch processor forwards it, 10,000), with the split and the count-back.
// --otlp-after-100k (with --only=vigil-otlp): the 100,000-series remote_write run between the two,
// as in the full run (its merges and series then share OTLP's window).
// --node-args=--cpu-prof,--cpu-prof-dir=/tmp/x: extra node flags for Vigil (profiling).
// --vigil-env=NAME=value,NAME=value: extra environment for Vigil (INGEST_ROUND_GAP_MS=0 for an A/B).
// Needs the built server (npx nx run standalone:build); see bench/README.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, peakRssBytes, processTree, rssSampler, threadCpuSeconds } from '../lib/procstat.mjs';
import { cleanupOnSignals, fmt, getJson, mib, nodeTask, runBenchmark, stopChild, tempDir, version } from '../lib/processes.mjs';
import { requireBuiltServer, requirePackages, startPrometheus, startVictoria, startVigil } from '../lib/systems.mjs';
import { ACCEPTED, acceptedBetween, rateAfter, runLoad } from './load.mjs';
import { buildOtlpLogs, buildOtlpMetrics, buildRemoteWrite, buildVigilNdjson, ROOT } from './payloads.mjs';
import { describeSplit, scrapeSelfMetrics, serverSplit } from './server-split.mjs';

/** Metric names of the 100,000-series scenario start with this (kept apart in the count-back). */
const RW100K_PREFIX = 'rw100k_';
const ENGINE_WAYS = { arrow: 'Arrow columns (Vigil\'s insert)', text: 'TabSeparated rawInsert', textView: 'TabSeparated rawInsert + old rollup view' };

/** Decode + encode µs per OTLP metrics point, as chdb-tasks' engine task measures them. */
const otlpJs = (c) => `decode ${fmt(c.decodeUsPerPoint, 2)} µs + encode ${fmt(c.encodeUsPerPoint, 2)} µs`;

const args = new Set(process.argv.slice(2));

/**
 * The samples are 30 to about 9 minutes old. Once the hour the oldest fall in is closed by Vigil's
 * rollup (5 min after its end, less a minute of allowed clock skew), the writer also marks that
 * hour stale (one more insert every 45 s, writer/stale-hour-marks.ts) and the worker rebuilds it
 * beside the load: figures of runs that start between hh:04 and hh:30, or end after the next
 * hh:04, include that work. This says so before the run; `--wait-for-open-hour` waits for a
 * start whose run ends before it.
 */
async function awaitOpenHour() {
  const HOUR = 3_600_000;
  const runMs = (ONLY_VIGIL_RW || args.has('--only=vigil-otlp') ? 4 : QUICK ? 6 : 14) * 60_000;
  const closedAt = (now) => Math.floor((now - 30 * 60_000) / HOUR) * HOUR + HOUR + 4 * 60_000;
  const clean = (now) => now + runMs < closedAt(now);
  if (clean(Date.now())) return;
  let start = Math.ceil(Date.now() / HOUR) * HOUR - HOUR / 2;
  while (!clean(start) || start < Date.now()) start += HOUR;
  const at = new Date(start).toISOString().slice(11, 16);
  if (!args.has('--wait-for-open-hour')) {
    log(`NOTE: this run's samples fall in an hour Vigil's rollup closes before the run ends: its figures include that hour's stale-hour marks (an insert every 45 s) and its rebuild. Clean runs start between hh:30 and hh:${String(64 - runMs / 60_000).padStart(2, '0')} (next: ${at} UTC; --wait-for-open-hour waits for it).`);
    return;
  }
  log(`Waiting until ${at} UTC, when a run's samples stay in an hour Vigil's rollup has not closed (--wait-for-open-hour).`);
  await new Promise((done) => setTimeout(done, start - Date.now()));
}
const QUICK = args.has('--quick');
const ONLY_VIGIL_RW = args.has('--only=vigil-remote_write');
const ONLY_VIGIL_OTLP = args.has('--only=vigil-otlp');
const VIGIL_NODE_ARGS = [...args].filter((arg) => arg.startsWith('--node-args=')).flatMap((arg) => arg.slice('--node-args='.length).split(','));
const VIGIL_ENV = Object.fromEntries(
  [...args].filter((arg) => arg.startsWith('--vigil-env=')).flatMap((arg) => arg.slice('--vigil-env='.length).split(',')).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
const WRITE_DOCS = !args.has('--no-docs') && !ONLY_VIGIL_RW && !ONLY_VIGIL_OTLP;
const CFG = QUICK
  ? { rwSeconds: 6, rwRequests: 1000, seconds: 4, otlpMetricRequests: 250, logRequests: 250, slowSeconds: 6, engineRw: 250, engineLogs: 250 }
  : { rwSeconds: 20, rwRequests: 4000, seconds: 12, otlpMetricRequests: 900, logRequests: 900, slowSeconds: 20, engineRw: 800, engineLogs: 800 };
requirePackages([['/usr/bin/prometheus', 'prometheus'], ['/usr/bin/victoria-metrics', 'victoria-metrics']]);
requireBuiltServer();

cleanupOnSignals();

// ------------------------------------------------------------------ helpers

/** Runs a chdb-tasks.mjs child and returns its RESULT (its own CPU and peak RSS included). */
const chdbTask = (argv) => nodeTask(join(import.meta.dirname, 'chdb-tasks.mjs'), argv, `chdb-tasks ${argv[0]}`);

const log = (...a) => console.log(...a);

/** Measures one load against a server process tree: rate, latency, server CPU, RSS. */
async function measure(label, system, load) {
  const tree = () => processTree(system.pid, system.dir);
  const splitBefore = system.name === 'Vigil' ? await scrapeSelfMetrics(system) : undefined;
  const cpu0 = cpuSeconds(tree());
  const main0 = threadCpuSeconds(system.pid).main;
  const sampler = rssSampler(system.pid, system.dir);
  const result = await runLoad(load);
  const mainThreadBusy = (threadCpuSeconds(system.pid).main - main0) / result.seconds;
  const treeRss = sampler.stop();
  const serverCpu = cpuSeconds(tree()) - cpu0;
  const row = { label, system: system.name, ...result, serverCpu, treeRss, peakRss: peakRssBytes(system.pid) };
  if (splitBefore) row.split = { ...serverSplit(splitBefore, await scrapeSelfMetrics(system)), mainThreadBusy };
  log(
    `  ${label.padEnd(28)} ${fmt(row.rate).padStart(11)}/s accepted  (${fmt(row.acceptedItems)} of ${fmt(row.sentItems)} sent, ${row.requests} req, ${fmt(row.seconds, 1)} s)` +
      `  p50 ${fmt(row.p50)} ms  p99 ${fmt(row.p99)} ms  server CPU ${fmt(serverCpu, 1)} s (${fmt(serverCpu / row.seconds, 2)} cores)  client CPU ${fmt(row.clientCpuSeconds, 1)} s` +
      `  peak RSS ${mib(row.peakRss)}${row.retries ? `  retries ${row.retries}` : ''}${row.errors ? `  ERRORS ${row.errors}: ${row.errorSamples.join(' | ')}` : ''}`,
  );
  if (row.split) log(describeSplit(row.split));
  return row;
}

/**
 * Vigil's sustained remote_write maximum: a closed loop of twice the burst's length, its rate
 * over the second half (per 5 s window too, to show it is flat), for the 80 % run to be paced at.
 */
async function sustainedMaximum(vigil, rw) {
  const seconds = 2 * CFG.rwSeconds;
  const row = await measure(`remote_write ${seconds} s closed loop`, vigil, rwLoad(vigil, rw, { durationMs: seconds * 1000, cycle: true }));
  row.sustainedRate = rateAfter(row, seconds / 2);
  const windows = [];
  for (let from = 0; from + 5 <= seconds; from += 5) windows.push(fmt(acceptedBetween(row, from, from + 5) / 5 / 1000));
  log(`    sustained maximum (rate over the second half): ${fmt(row.sustainedRate)}/s; per 5 s window, k/s: ${windows.join(' ')}`);
  return row;
}

// ------------------------------------------------------------------ systems

/**
 * Samples stored: PromQL count_over_time over the last 2 hours, one query per metric name
 * (count_over_time drops the name, so one query over all names would collide in Prometheus).
 */
async function promqlSampleCount(url, keep = () => true) {
  const names = (await getJson(`${url}/api/v1/label/__name__/values`)).data.filter(keep);
  let total = 0;
  for (const name of names) {
    const query = encodeURIComponent(`sum(count_over_time({__name__="${name}"}[2h]))`);
    const body = await getJson(`${url}/api/v1/query?query=${query}&time=${Date.now() / 1000 + 60}`);
    total += Number(body.data.result[0]?.value[1] ?? 0);
  }
  return total;
}

function rwLoad(system, rw, extra = {}) {
  return {
    url: `${system.url}/api/v1/write`,
    headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0', ...system.auth },
    queues: rw.shards,
    durationMs: CFG.rwSeconds * 1000,
    accepted: ACCEPTED.remoteWrite,
    ...extra,
  };
}

/** The OTLP metrics protobuf scenario: [label, count-back key, path, content type, accepted, build]. */
function otlpMetricsScenario(startMs) {
  return ['OTLP metrics protobuf', 'otlp-metrics-pb', '/v1/metrics', 'application/x-protobuf', ACCEPTED.otlpProtobuf, () => buildOtlpMetrics({ requests: CFG.otlpMetricRequests, startMs, format: 'protobuf', prefix: 'otlppb' })];
}

/**
 * The same points as they arrive through an OpenTelemetry Collector (its batch processor's
 * default send_batch_size 8,192: five SDK exports, 10,000 points, per request; payloads.mjs),
 * twice as many as the SDK-shaped scenario so the closed loop runs as long at twice its rate.
 */
function otlpCollectorScenario(startMs) {
  return ['OTLP metrics protobuf, Collector batches', 'otlp-metrics-collector', '/v1/metrics', 'application/x-protobuf', ACCEPTED.otlpProtobuf, () => buildOtlpMetrics({ requests: (2 * CFG.otlpMetricRequests) / 5, startMs, format: 'protobuf', prefix: 'otlpcol', exportsPerRequest: 5 })];
}

/** Builds one scenario's bodies and measures them against Vigil (8 senders sharing one queue); `around` wraps the measure alone. */
async function measureScenario(vigil, [label, key, path, type, accepted, build], around = (run) => run()) {
  const t = Date.now();
  const bodies = build();
  log(`  (pre-built ${bodies.length} ${label} requests of ${fmt(bodies[0].items)} items in ${fmt((Date.now() - t) / 1000, 1)} s)`);
  const row = await around(() => measure(label, vigil, { url: `${vigil.url}${path}`, headers: { 'content-type': type, ...vigil.auth }, queues: [bodies], durationMs: CFG.seconds * 1000, accepted }));
  row.key = key;
  return row;
}

// ------------------------------------------------------------------ main

async function main() {
  const began = Date.now();
  const machine = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    prometheus: version('/usr/bin/prometheus', ['--version']).replace(/^prometheus, version /, ''),
    victoriaMetrics: version('dpkg-query', ['-W', '-f', '${Version}', 'victoria-metrics']),
    chdb: JSON.parse(readFileSync(join(ROOT, 'node_modules/chdb/package.json'), 'utf8')).version,
    vigil: version('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
    mode: QUICK ? 'quick' : 'full',
  };
  log(`Vigil ingest benchmark (${machine.mode}) — ${machine.date}, ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, Node ${machine.node}`);
  if (Object.keys(VIGIL_ENV).length > 0) log(`  Vigil's extra environment: ${JSON.stringify(VIGIL_ENV)}`);
  log(`  Prometheus ${machine.prometheus}; VictoriaMetrics ${machine.victoriaMetrics}; chDB ${machine.chdb}; Vigil ${machine.vigil}`);

  await awaitOpenHour();
  // Timestamps: 30 min ago, advancing 0.5 s per sample (well inside every retention window).
  const startMs = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
  let t = Date.now();
  const rw = buildRemoteWrite({ requests: CFG.rwRequests, startMs });
  log(`\nPre-built ${fmt(CFG.rwRequests)} remote_write requests (${fmt(rw.samples)} samples, 10,000 series, 8 shards) in ${fmt((Date.now() - t) / 1000, 1)} s`);
  if (ONLY_VIGIL_RW) return vigilRemoteWriteOnly(rw);
  if (ONLY_VIGIL_OTLP) return vigilOtlpOnly(rw, [otlpMetricsScenario(startMs), otlpCollectorScenario(startMs)], args.has('--otlp-after-100k') ? buildRemoteWrite({ requests: CFG.rwRequests, startMs, series: 100_000, prefix: RW100K_PREFIX }) : undefined);
  t = Date.now();
  const rw100k = buildRemoteWrite({ requests: CFG.rwRequests, startMs, series: 100_000, prefix: RW100K_PREFIX });
  log(`Pre-built ${fmt(CFG.rwRequests)} remote_write requests (${fmt(rw100k.samples)} samples, 100,000 series, 8 shards) in ${fmt((Date.now() - t) / 1000, 1)} s`);

  const rows = [];
  const counts = {};
  const is100k = (name) => name.startsWith(RW100K_PREFIX);

  // -- remote_write into each system, one at a time, each on its own data dir: 10,000 series, then 100,000
  for (const startSystem of [startVictoria, startPrometheus]) {
    const system = await startSystem();
    log(`\n${system.name} (pid ${system.pid}, ${system.url})`);
    const row = await measure('remote_write', system, rwLoad(system, rw));
    const row100k = await measure('remote_write 100k series', system, rwLoad(system, rw100k));
    row100k.key = 'remote_write-100k';
    rows.push(row, row100k);
    if (system.name === 'VictoriaMetrics') await fetch(`${system.url}/internal/force_flush`).catch(() => undefined);
    await new Promise((done) => setTimeout(done, 1500));
    row.stored = await promqlSampleCount(system.url, (name) => !is100k(name));
    row100k.stored = await promqlSampleCount(system.url, is100k);
    log(`  stored (counted back by PromQL count_over_time): ${fmt(row.stored)} of ${fmt(row.acceptedItems)} and ${fmt(row100k.stored)} of ${fmt(row100k.acceptedItems)} acknowledged`);
    await stopChild(system.child, system.dir);
  }

  const vigil = await startVigil({ env: VIGIL_ENV });
  log(`\nVigil standalone (pid ${vigil.pid}, ${vigil.url}, data ${vigil.dir})`);
  const vigilRw = await measure('remote_write', vigil, rwLoad(vigil, rw));
  rows.push(vigilRw);
  const vigilRw100k = await measure('remote_write 100k series', vigil, rwLoad(vigil, rw100k));
  vigilRw100k.key = 'remote_write-100k';
  rows.push(vigilRw100k);

  const scenarios = [
    otlpMetricsScenario(startMs),
    otlpCollectorScenario(startMs),
    ['OTLP metrics JSON', 'otlp-metrics-json', '/v1/metrics', 'application/json', ACCEPTED.otlpJson, () => buildOtlpMetrics({ requests: CFG.otlpMetricRequests, startMs, format: 'json', prefix: 'otlpjson' })],
    ['OTLP logs protobuf', 'otlp-logs-pb', '/v1/logs', 'application/x-protobuf', ACCEPTED.otlpProtobuf, () => buildOtlpLogs({ requests: CFG.logRequests, startMs, format: 'protobuf', servicePrefix: 'otlppb' })],
    ['OTLP logs JSON', 'otlp-logs-json', '/v1/logs', 'application/json', ACCEPTED.otlpJson, () => buildOtlpLogs({ requests: CFG.logRequests, startMs, format: 'json', servicePrefix: 'otlpjson' })],
    ['Vigil NDJSON logs', 'vigil-ndjson', '/api/v1/ingest/logs', 'application/x-ndjson', ACCEPTED.vigilLogs, () => buildVigilNdjson({ requests: CFG.logRequests, startMs, servicePrefix: 'ndjson' })],
  ];
  for (const scenario of scenarios) rows.push(await measureScenario(vigil, scenario));

  // -- latency at 80 % of Vigil's sustained remote_write maximum (same bodies, paced)
  const sustained = await sustainedMaximum(vigil, rw);
  sustained.key = 'sustained';
  rows.push(sustained);
  const target = 0.8 * sustained.sustainedRate;
  const slow = await measure(`remote_write @80% (${fmt(target / 1000)} k/s)`, vigil, rwLoad(vigil, rw, { rate: target, durationMs: CFG.slowSeconds * 1000 }));
  slow.key = 'slow';
  rows.push(slow);

  // -- count back: stop Vigil gracefully, open its chDB directory in a child process
  const vigilPeakRss = peakRssBytes(vigil.pid);
  await stopChild(vigil.child, vigil.dir);
  const vigilCounts = await chdbTask(['count', vigil.dir]);
  Object.assign(counts, vigilCounts);
  vigilRw.stored = vigilCounts['remote_write'] ?? 0;
  vigilRw100k.stored = vigilCounts['remote_write-100k'] ?? 0;
  vigilRw.ackedIncludingSlow = vigilRw.acceptedItems + sustained.acceptedItems + slow.acceptedItems;
  for (const row of rows) if (row.system === 'Vigil' && row.key && row.key !== 'slow' && row.key !== 'sustained') row.stored = vigilCounts[row.key] ?? 0;
  log(`  counted back from Vigil's chDB: ${JSON.stringify(vigilCounts)}`);
  log(`  remote_write acknowledged ${fmt(vigilRw.ackedIncludingSlow)} (burst, sustained and 80% runs), stored ${fmt(vigilRw.stored)}`);

  // -- the engine's limit
  log(`\nEngine limit: the same rows into chDB, pre-built (≤1 M rows / 64 MiB per insert), three ways interleaved: Arrow columns (Vigil's path), TabSeparated rawInsert, TabSeparated rawInsert with the old rollup view`);
  const engine = await chdbTask(['engine', tempDir('engine-bench-'), String(CFG.engineRw), String(CFG.engineLogs), String(startMs)]);
  for (const [what, result, unit, extra] of [
    ['metric samples', engine.metrics, 'sample', `decode ${fmt(engine.metrics.decodeUsPerSample, 2)} µs + encode ${fmt(engine.metrics.encodeUsPerSample, 2)} µs`],
    ['log lines', engine.logs, 'record', `decode ${fmt(engine.logs.decodeUsPerRecord, 2)} µs + encode ${fmt(engine.logs.encodeUsPerRecord, 2)} µs`],
  ]) {
    for (const way of ['arrow', 'text', 'textView']) {
      if (!result[way]) continue;
      log(`  ${what}, ${ENGINE_WAYS[way]}: ${fmt(result[way].rate)}/s (${fmt(result[way].items)} in ${fmt(result[way].seconds, 2)} s, ${result[way].inserts} inserts, CPU ${fmt(result[way].cpuSeconds, 1)} s)`);
    }
    log(`  Vigil's JS per ${unit}: ${extra}`);
  }
  log(`  Vigil's JS per OTLP metrics point (protobuf, one request at a time): ${otlpJs(engine.otlpMetricsJs.noCache)} without the series cache, ${otlpJs(engine.otlpMetricsJs.cache)} with it`);
  log(`  stored: ${JSON.stringify(engine.stored)}; peak RSS ${mib(engine.peakRss)}`);

  // ---------------------------------------------------------------- table + targets
  const peers = (key) => ['VictoriaMetrics', 'Prometheus'].map((name) => rows.find((r) => r.system === name && r.key === key));
  const [vm, prom] = peers(undefined);
  const [vm100k, prom100k] = peers('remote_write-100k');
  const pbLogs = rows.find((r) => r.key === 'otlp-logs-pb');
  const ndjsonLogs = rows.find((r) => r.key === 'vigil-ndjson');
  const pbMetrics = rows.find((r) => r.key === 'otlp-metrics-pb');
  const collectorMetrics = rows.find((r) => r.key === 'otlp-metrics-collector');
  const samplesText = engine.metrics.text.rate;
  const logsText = engine.logs.text.rate;
  const pct = (a, b) => `${fmt((100 * a) / b)} %`;
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const targets = [
    ['remote_write ≥ 60 % of chDB raw insert (samples, no view)', `${fmt(vigilRw.rate)} vs ${fmt(samplesText)} samples/s: ${pct(vigilRw.rate, samplesText)} (Arrow insert, the engine's fastest: ${fmt(engine.metrics.arrow.rate)}/s, ${pct(vigilRw.rate, engine.metrics.arrow.rate)})`, verdict(vigilRw.rate >= 0.6 * samplesText)],
    ['OTLP metrics (protobuf) ≥ 50 % of remote_write per point, from SDKs (2,000 points a request)', `${fmt(pbMetrics.rate)} vs ${fmt(vigilRw.rate)} points/s: ${pct(pbMetrics.rate, vigilRw.rate)}`, verdict(pbMetrics.rate >= 0.5 * vigilRw.rate)],
    ['OTLP metrics (protobuf) ≥ 50 % of remote_write per point, through a Collector (10,000 a request)', `${fmt(collectorMetrics.rate)} vs ${fmt(vigilRw.rate)} points/s: ${pct(collectorMetrics.rate, vigilRw.rate)}`, verdict(collectorMetrics.rate >= 0.5 * vigilRw.rate)],
    ['OTLP logs (protobuf) ≥ 60 % of chDB raw insert of log rows', `${fmt(pbLogs.rate)} vs ${fmt(logsText)} lines/s: ${pct(pbLogs.rate, logsText)} (Arrow insert ${fmt(engine.logs.arrow.rate)}/s: ${pct(pbLogs.rate, engine.logs.arrow.rate)})`, verdict(pbLogs.rate >= 0.6 * logsText)],
    ['NDJSON logs ≥ 60 % of chDB raw insert of log rows', `${fmt(ndjsonLogs.rate)} vs ${fmt(logsText)} lines/s: ${pct(ndjsonLogs.rate, logsText)} (Arrow insert: ${pct(ndjsonLogs.rate, engine.logs.arrow.rate)})`, verdict(ndjsonLogs.rate >= 0.6 * logsText)],
    ['p99 < 250 ms at 80 % of max', `p99 ${fmt(slow.p99)} ms at ${fmt(slow.rate)} samples/s achieved (80 % of the sustained maximum ${fmt(sustained.sustainedRate)}/s, the second half of a ${fmt(sustained.seconds)} s closed loop; burst maximum ${fmt(vigilRw.rate)}/s)`, verdict(slow.p99 < 250)],
    ['Vigil peak RSS < 2 GiB', `${mib(vigilPeakRss)} (Vigil process; with Postgres + Redis ${mib(Math.max(...rows.filter((r) => r.system === 'Vigil').map((r) => r.treeRss)))})`, verdict(vigilPeakRss < 2 * 2 ** 30)],
    ['peers, 10,000 series', `Vigil ${fmt(vigilRw.rate)}: ${fmt(vigilRw.rate / vm.rate, 2)}× VictoriaMetrics (${fmt(vm.rate)}), ${fmt(vigilRw.rate / prom.rate, 2)}× Prometheus (${fmt(prom.rate)})`, 'ratio'],
    ['peers, 100,000 series', `Vigil ${fmt(vigilRw100k.rate)}: ${fmt(vigilRw100k.rate / vm100k.rate, 2)}× VictoriaMetrics (${fmt(vm100k.rate)}), ${fmt(vigilRw100k.rate / prom100k.rate, 2)}× Prometheus (${fmt(prom100k.rate)})`, 'ratio'],
  ];

  const header = ['system', 'scenario', 'accepted/s', 'p50 ms', 'p99 ms', 'server CPU s', 'CPU s per M items', 'peak RSS', 'acked', 'stored (counted back)'];
  const tableRows = rows.map((r) => [
    r.system, r.label, fmt(r.rate), fmt(r.p50), fmt(r.p99), fmt(r.serverCpu, 1), fmt(r.serverCpu / (r.acceptedItems / 1e6), 2), mib(r.peakRss), fmt(r.acceptedItems),
    r.key === 'slow' || r.key === 'sustained' ? '(in remote_write)' : r.system === 'Vigil' && !r.key ? `${fmt(r.stored)} of ${fmt(r.ackedIncludingSlow)} (incl. sustained and 80% runs) ${r.stored >= r.ackedIncludingSlow ? '✓' : '✗'}` : `${fmt(r.stored)} ${r.stored >= r.acceptedItems ? '✓' : '✗'}`,
  ]);
  for (const [what, result, kind] of [['metric samples', engine.metrics, 'samples'], ['log lines', engine.logs, 'logs']]) {
    for (const way of ['arrow', 'text', 'textView']) {
      const r = result[way];
      if (!r) continue;
      const stored = engine.stored[way][kind];
      tableRows.push(['chDB engine', `${what}, ${ENGINE_WAYS[way]}`, fmt(r.rate), '', '', fmt(r.cpuSeconds, 1), fmt(r.cpuSeconds / (r.items / 1e6), 2), '', fmt(r.items), `${fmt(stored)} ${stored >= r.items ? '✓' : '✗'}`]);
    }
  }

  const widths = header.map((h, i) => Math.max(h.length, ...tableRows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${tableRows.map(line).join('\n')}`);
  log(`\nTargets (issue 13):`);
  for (const [what, figures, ok] of targets) log(`  ${ok.padEnd(8)} ${what}: ${figures}`);
  log(`\nTotal ${fmt((Date.now() - began) / 1000)} s`);

  if (WRITE_DOCS) writeDocs(machine, header, tableRows, targets, engine);
}

/** --only=vigil-remote_write: the maximum, the 80 % run at it, and what was counted back. */
async function vigilRemoteWriteOnly(rw) {
  const vigil = await startVigil({ env: VIGIL_ENV });
  log(`\nVigil standalone (pid ${vigil.pid}, ${vigil.url}, data ${vigil.dir})`);
  const max = await measure('remote_write', vigil, rwLoad(vigil, rw));
  const sustained = await sustainedMaximum(vigil, rw);
  const target = 0.8 * sustained.sustainedRate;
  const slow = await measure(`remote_write @80% (${fmt(target / 1000)} k/s)`, vigil, rwLoad(vigil, rw, { rate: target, durationMs: CFG.slowSeconds * 1000 }));
  await stopChild(vigil.child, vigil.dir);
  const counts = await chdbTask(['count', vigil.dir]);
  const acked = max.acceptedItems + sustained.acceptedItems + slow.acceptedItems;
  const stored = counts['remote_write'] ?? 0;
  log(`\n  remote_write acknowledged ${fmt(acked)} (burst, sustained and 80% runs), stored ${fmt(stored)} ${stored >= acked ? '✓' : '✗ MISSING'}; metric_samples parts left at the stop: ${counts.sampleParts}`);
  log(`  ${slow.p99 < 250 ? 'met' : 'NOT met'}: p99 < 250 ms at 80 % of max: p99 ${fmt(slow.p99)} ms at ${fmt(slow.rate)} samples/s (sustained max ${fmt(sustained.sustainedRate)}/s; burst max ${fmt(max.rate)}/s, p50 ${fmt(max.p50)} / p99 ${fmt(max.p99)} ms)`);
}

/** --only=vigil-otlp: remote_write's maximum, then OTLP metrics protobuf (SDK-shaped, then Collector batches), on one Vigil; the ratios and the count-back. */
async function vigilOtlpOnly(rw, otlpScenarios, rw100k) {
  const vigil = await startVigil({ env: VIGIL_ENV, nodeArgs: VIGIL_NODE_ARGS });
  log(`\nVigil standalone (pid ${vigil.pid}, ${vigil.url}, data ${vigil.dir})`);
  const rwRow = await withThreadSplit(vigil, () => measure('remote_write', vigil, rwLoad(vigil, rw)));
  if (rw100k) await withThreadSplit(vigil, () => measure('remote_write 100k series', vigil, rwLoad(vigil, rw100k)));
  const otlpRows = [];
  for (const scenario of otlpScenarios) otlpRows.push(await measureScenario(vigil, scenario, (run) => withThreadSplit(vigil, run)));
  await stopChild(vigil.child, vigil.dir);
  const counts = await chdbTask(['count', vigil.dir]);
  for (const [row, key] of [[rwRow, 'remote_write'], ...otlpRows.map((otlp) => [otlp, otlp.key])]) {
    const stored = counts[key] ?? 0;
    log(`  ${row.label}: acknowledged ${fmt(row.acceptedItems)}, stored ${fmt(stored)} ${stored >= row.acceptedItems ? '✓' : '✗ MISSING'}`);
  }
  const perM = (row) => row.serverCpu / (row.acceptedItems / 1e6);
  for (const otlp of otlpRows) {
    log(`\n  ${otlp.rate >= 0.5 * rwRow.rate ? 'met' : 'NOT met'}: ${otlp.label} ≥ 50 % of remote_write per point: ${fmt(otlp.rate)} vs ${fmt(rwRow.rate)}/s: ${fmt((100 * otlp.rate) / rwRow.rate)} %` +
      `; server CPU s per M items ${fmt(perM(otlp), 2)} vs ${fmt(perM(rwRow), 2)}; client CPU s per M items ${fmt(otlp.clientCpuSeconds / (otlp.acceptedItems / 1e6), 2)} vs ${fmt(rwRow.clientCpuSeconds / (rwRow.acceptedItems / 1e6), 2)}`);
  }
}

/**
 * Runs `run` (a measure) and prints Vigil's CPU during it by thread: the main thread (all JS),
 * chDB's merge threads, and the rest (chDB's insert pipeline and other threads), per M items.
 * Pooled threads that exit during the run leave their seconds in the rest.
 */
async function withThreadSplit(vigil, run) {
  const groups = { merges: 'MergeMutate' };
  const before = threadCpuSeconds(vigil.pid, groups);
  const row = await run();
  const after = threadCpuSeconds(vigil.pid, groups);
  const spent = Object.fromEntries(Object.keys(after).map((key) => [key, after[key] - before[key]]));
  const perM = (seconds) => fmt(seconds / (row.acceptedItems / 1e6), 2);
  const rounds = row.split?.rounds ?? NaN;
  const perRound = (seconds) => fmt((1000 * seconds) / rounds, 1);
  log(
    `    Vigil CPU by thread (s per M items): main thread ${perM(spent.main)}, chDB merges ${perM(spent.merges)}, other threads ${perM(spent.total - spent.main - spent.merges)}; ` +
      `cores: main ${fmt(spent.main / row.seconds, 2)}, merges ${fmt(spent.merges / row.seconds, 2)}; ms per insert round: main ${perRound(spent.main)}, merges ${perRound(spent.merges)}, other ${perRound(spent.total - spent.main - spent.merges)}`,
  );
  return row;
}

function writeDocs(machine, header, tableRows, targets, engine) {
  const file = join(ROOT, 'docs/benchmarks.md');
  const md = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  const section = [
    '<!-- ingest:begin (written by `node bench/ingest/run.mjs`; edits inside are overwritten) -->',
    `Run: \`node bench/ingest/run.mjs${QUICK ? ' --quick' : ''}\` on ${machine.date} (${machine.mode} run) — ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, ` +
      `Node ${machine.node}, Prometheus ${machine.prometheus}, VictoriaMetrics ${machine.victoriaMetrics}, chDB ${machine.chdb}, Vigil ${machine.vigil}. ` +
      `Load generator in the same machine (its CPU competes with the server's).`,
    '',
    md(header),
    md(header.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...tableRows.map(md),
    '',
    `The engine rows share one chDB process (peak RSS ${mib(engine.peakRss)}, mostly the pre-built batches). ` +
    `Vigil's own JS work per item, single-threaded, measured in the engine run: remote_write decode ${fmt(engine.metrics.decodeUsPerSample, 2)} µs + ` +
      `encode ${fmt(engine.metrics.encodeUsPerSample, 2)} µs per sample; OTLP protobuf logs decode ${fmt(engine.logs.decodeUsPerRecord, 2)} µs + encode ${fmt(engine.logs.encodeUsPerRecord, 2)} µs per record ` +
      `(these with every batch of the run held in memory, so GC inflates them); OTLP protobuf metrics, one request at a time, per point: ` +
      `${otlpJs(engine.otlpMetricsJs.noCache)} without the series cache, ${otlpJs(engine.otlpMetricsJs.cache)} with it.`,
    '',
    '| target | figures | |',
    '| --- | --- | --- |',
    ...targets.map(md),
    '<!-- ingest:end -->',
  ].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (/<!-- ingest:begin[\s\S]*?<!-- ingest:end -->/.test(text)) text = text.replace(/<!-- ingest:begin[\s\S]*?<!-- ingest:end -->/, section);
  else text = `${text.trimEnd()}\n\n## Ingest\n\n${section}\n`;
  writeFileSync(file, text);
  log(`Wrote the figures to ${file}`);
}

await runBenchmark(main);
