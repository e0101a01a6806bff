#!/usr/bin/env node
// Query benchmark: Vigil's read API vs VictoriaMetrics (PromQL) on the same metric samples, and
// vs the best hand-written SQL on the same chDB data for a rare-term logs search.
//   node bench/query/run.mjs [--quick] [--fresh] [--no-docs] [--runs=20]
// Needs the built server (npx nx run standalone:build); see bench/README.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { get, percentile } from '../lib/http.mjs';
import { cpuSeconds, peakRssBytes, processTree, waitIdle } from '../lib/procstat.mjs';
import { cleanup, cleanupOnSignals, fmt, getJson, mib, nodeTask, ROOT, runBenchmark, stopChild, version } from '../lib/processes.mjs';
import { REMOTE_WRITE_HEADERS } from '../lib/remote-write.mjs';
import { benchProject, requireBuiltServer, requirePackages, startVictoria, startVigil, vigilLogin } from '../lib/systems.mjs';
import { DAY_MS, datasetKey, HOUR_MS, logBodies, SEED, SHAPES } from './dataset.mjs';
import { FORM_TRIAL, queries as workloadQueries, queryString, remoteWriteIterators as workloadIterators, sendAll as workloadSendAll } from './workload.mjs';

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => !a.includes('=')));
const option = (name, fallback) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const QUICK = flags.has('--quick');
const FRESH = flags.has('--fresh');
const WRITE_DOCS = !flags.has('--no-docs');
const RUNS = option('runs', 20);
const WARMUPS = option('warmups', 2);
/** Warm-ups of Vigil's and VictoriaMetrics' queries: as many runs as the engine column's chosen form had before its timing (workload.mjs FORM_TRIAL). */
const API_WARMUPS = WARMUPS + FORM_TRIAL.warmups + FORM_TRIAL.runs;
const SHAPE = QUICK ? SHAPES.quick : SHAPES.full;
const MIGRATIONS = join(ROOT, 'dist/server/libs/telemetry-store/migrations');
const SCHEMA = existsSync(MIGRATIONS) ? readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort().map((f) => `${f}:${readFileSync(join(MIGRATIONS, f), 'utf8')}`).join('\n') : '';
const KEY = datasetKey(SEED, SHAPE, SCHEMA);
const CACHE = join(ROOT, '.data/bench-query', `${QUICK ? 'quick' : 'full'}-${KEY}`);
const MANIFEST = join(CACHE, 'manifest.json');
const ADMIN = { email: 'bench@vigil.test', password: 'bench-query-password' };
/** Samples as old as the data set's start must be accepted: the project's limits are raised for it. */
const MAX_AGE_MS = (SHAPE.days + 7) * DAY_MS;
const RETENTION_DAYS = 400;
const LIMITS = QUICK
  ? { totalMs: 20 * 60_000, loadMs: 8 * 60_000, perQueryMs: 60_000 }
  : { totalMs: 110 * 60_000, loadMs: 40 * 60_000, perQueryMs: 120_000 };
const TARGETS = { range24h: 150, range30d: 300, golden: 300, logs: 500 };
const LOGS_VS_SQL = 1.5;

const require = createRequire(resolve(ROOT, 'package.json'));
const log = (...a) => console.log(...a);
const iso = (ms) => new Date(ms).toISOString().replace(/:00\.000Z$/, 'Z');

requirePackages([['/usr/bin/victoria-metrics', 'victoria-metrics']]);
requireBuiltServer();
cleanupOnSignals();
const watchdog = setTimeout(() => {
  console.error(`\nThe benchmark ran past its ${LIMITS.totalMs / 60_000} min bound: stopping.`);
  cleanup().finally(() => process.exit(2));
}, LIMITS.totalMs);
watchdog.unref();

// ------------------------------------------------------------------ cached data sets

function readManifest() {
  if (FRESH) rmSync(CACHE, { recursive: true, force: true });
  if (existsSync(MANIFEST)) {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const complete = manifest.vm?.loaded && manifest.vigil?.loaded;
    // A half-loaded set is completed only while its oldest samples are still accepted.
    if (complete || Date.now() - manifest.startMs < MAX_AGE_MS - DAY_MS) return manifest;
    log(`Cached data set ${CACHE} is incomplete and too old to complete: starting over.`);
    rmSync(CACHE, { recursive: true, force: true });
  }
  // Data sets of this mode with another key (older generator or schema) are not used again.
  const parent = join(ROOT, '.data/bench-query');
  for (const name of existsSync(parent) ? readdirSync(parent) : []) {
    if (name.startsWith(`${QUICK ? 'quick' : 'full'}-`) && name !== basename(CACHE)) {
      log(`Removing the outdated data set ${join(parent, name)}`);
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
  mkdirSync(CACHE, { recursive: true });
  // Aligned to the hour, ending at the last whole hour (samples are never in the future).
  const endMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const manifest = { key: KEY, seed: SEED, shape: SHAPE, startMs: endMs - SHAPE.days * DAY_MS, endMs, vm: {}, vigil: {} };
  saveManifest(manifest);
  return manifest;
}

const saveManifest = (manifest) => writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
const expectedSamples = () => SHAPE.series * SHAPE.days * 1440;

function dirSize(dir) {
  try {
    return Number(require('node:child_process').execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return NaN;
  }
}

// ------------------------------------------------------------------ loading

/** The shared loader (workload.mjs) under this run's bounds. */
const sendAll = (options) => workloadSendAll({ loadMs: LIMITS.loadMs, progressMs: QUICK ? 5_000 : 20_000, log, ...options });
const remoteWriteIterators = (manifest) => workloadIterators(SHAPE, manifest.startMs);
const queries = (manifest) => workloadQueries(manifest, SHAPE);

/** Samples VictoriaMetrics holds, counted back with PromQL. */
async function vmSampleCount(vm, manifest) {
  const query = encodeURIComponent(`sum(count_over_time({__name__!=""}[${SHAPE.days + 1}d]))`);
  const body = await getJson(`${vm.url}/api/v1/query?query=${query}&time=${manifest.endMs / 1000}`);
  return Number(body.data.result[0]?.value[1] ?? 0);
}

async function loadVictoria(vm, manifest) {
  log(`  loading ${fmt(expectedSamples())} samples (remote_write, 8 shards) into VictoriaMetrics...`);
  await sendAll({ label: 'VictoriaMetrics samples', url: `${vm.url}/api/v1/write`, headers: REMOTE_WRITE_HEADERS, iterators: remoteWriteIterators(manifest), total: expectedSamples() });
  await fetch(`${vm.url}/internal/force_flush`).catch(() => undefined);
  await new Promise((done) => setTimeout(done, 2000));
  const stored = await vmSampleCount(vm, manifest);
  log(`  counted back: ${fmt(stored)} samples of ${fmt(expectedSamples())}`);
  if (stored !== expectedSamples()) throw new Error(`VictoriaMetrics holds ${stored} samples, expected ${expectedSamples()}`);
  manifest.vm = { loaded: true, samples: stored, loadedAt: new Date().toISOString() };
  saveManifest(manifest);
}

/** Retention and the age limit of Vigil's only project, through PATCH /api/v1/project-settings. */
async function raiseProjectLimits(vigil) {
  const { headers, user } = await vigilLogin(vigil, ADMIN.email, ADMIN.password);
  const project = benchProject(user);
  const response = await fetch(`${vigil.url}/api/v1/project-settings?project=${project.id}`, {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ retentionDays: RETENTION_DAYS, ingestLimits: { maxAgeMs: MAX_AGE_MS } }),
  });
  if (!response.ok) throw new Error(`project settings: ${response.status} ${await response.text()}`);
}

async function loadVigil(vigil, manifest) {
  if (!vigil.key) throw new Error('Vigil printed no ingest key: its data dir was not fresh');
  await raiseProjectLimits(vigil);
  log(`  project: retention ${RETENTION_DAYS} days, ingest_limits.maxAgeMs ${MAX_AGE_MS / DAY_MS} days (PATCH /api/v1/project-settings; the defaults, 30 and 7 days, refuse this data set)`);
  log(`  loading ${fmt(expectedSamples())} samples (remote_write, 8 shards) into Vigil...`);
  const headers = { ...REMOTE_WRITE_HEADERS, ...vigil.auth };
  const metrics = await sendAll({ label: 'Vigil samples', url: `${vigil.url}/api/v1/write`, headers, iterators: remoteWriteIterators(manifest), total: expectedSamples() });
  log(`  loading ${fmt(SHAPE.logLines)} log lines (NDJSON, ${fmt(SHAPE.logsPerRequest)} a request, 4 senders) into Vigil...`);
  const stats = { rare: 0, lines: 0 };
  const logs = await sendAll({
    label: 'Vigil log lines', url: `${vigil.url}/api/v1/ingest/logs`, headers: { 'content-type': 'application/x-ndjson', ...vigil.auth },
    iterators: [logBodies({ seed: SEED, shape: SHAPE, startMs: manifest.startMs, endMs: manifest.endMs, stats })], concurrency: 4, total: SHAPE.logLines,
    check: (response, item) => {
      const answer = JSON.parse(response.body.toString('utf8'));
      return answer.accepted === item.items ? undefined : `accepted ${answer.accepted} of ${item.items}: ${JSON.stringify(answer.reasons)}`;
    },
  });
  manifest.vigil = { loaded: true, samples: metrics.items, samplesPerSecond: metrics.items / metrics.seconds, lines: logs.items, linesPerSecond: logs.items / logs.seconds, rare: stats.rare, loadedAt: new Date().toISOString() };
  saveManifest(manifest);
}

/**
 * Runs `requests` (each a URL) concurrently, API_WARMUPS + RUNS times, sequentially; a run's time
 * is the slowest of its requests. Stops after the time bound (keeping at least 3 runs). Only the
 * last answers are parsed (for the checks): parsing 3.6 MB of JSON after every run left the
 * client's garbage to be collected during the next timed run, which the engine column (text
 * not parsed) never pays.
 */
async function measure(label, urls, headers = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const latencies = [];
  let last = [];
  let bytes = 0;
  const began = performance.now();
  try {
    for (let i = 0; i < API_WARMUPS + RUNS; i++) {
      const t0 = performance.now();
      const responses = await Promise.all(urls.map((url) => get(agent, url, headers, 60_000)));
      const ms = performance.now() - t0;
      const bad = responses.find((r) => r.status !== 200);
      if (bad) return { error: `HTTP ${bad.status}`, detail: bad.error?.message ?? bad.body.toString('utf8').slice(0, 300) };
      last = responses.map((r) => r.body);
      bytes = responses.reduce((n, r) => n + r.body.length, 0);
      if (i >= API_WARMUPS) latencies.push(ms);
      if (performance.now() - began > LIMITS.perQueryMs && latencies.length >= 3) break;
    }
  } finally {
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  const answers = last.map((body) => JSON.parse(body.toString('utf8')));
  const result = { p50: percentile(latencies, 50), p95: percentile(latencies, 95), runs: latencies.length, answers, bytes };
  log(`  ${label.padEnd(40)} p50 ${fmt(result.p50, 1).padStart(7)} ms  p95 ${fmt(result.p95, 1).padStart(7)} ms  (${result.runs} runs, ${fmt(bytes / 1024)} KiB of JSON)`);
  return result;
}

// ------------------------------------------------------------------ agreement checks

/** PromQL matrix → Map(labelKey → Map(t ms → value)). */
function vmMatrix(answer, key) {
  return new Map(answer.data.result.map((s) => [key(s.metric), new Map(s.values.map(([t, v]) => [Math.round(t * 1000), Number(v)]))]));
}

const relDiff = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12));
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);

/** Compares Vigil's points at t with the peer's at t + shift (Vigil's step [t, t+step) ends where PromQL's window (t', t'] does). */
function comparePoints(vigilPoints, peer, shift = 0, scale = 1) {
  const diffs = [];
  let vigilSum = 0;
  let peerSum = 0;
  for (const [t, v] of vigilPoints) {
    const p = peer?.get(t + shift);
    if (p === undefined || !Number.isFinite(p) || !Number.isFinite(v)) continue;
    diffs.push(relDiff(v, p * scale));
    vigilSum += v;
    peerSum += p * scale;
  }
  return { compared: diffs.length, median: median(diffs), max: diffs.length ? Math.max(...diffs) : NaN, sumRatio: vigilSum / peerSum };
}

function engineCell(engine) {
  if (!engine) return '–';
  return engine.error ? `no answer (${engine.error})` : `${fmt(engine.p50, 1)} / ${fmt(engine.p95, 1)}`;
}

/** Issue 13's read target: Vigil's p95 at most 1.5× the engine's best SQL (the engine column). */
const VS_ENGINE = 1.5;
function vsEngineCell(vigil, engine) {
  if (!engine || engine.error || vigil.error) return '–';
  const ratio = vigil.p95 / engine.p95;
  return `${fmt(ratio, 2)}× (${ratio <= VS_ENGINE ? 'met' : 'NOT met'}: ≤ ${VS_ENGINE}×)`;
}

/** Every hand-written SQL form the engine baseline timed computes Vigil's answer. */
function engineChecks(qs, results) {
  const out = [];
  const add = (what, ok, detail) => out.push({ what, ok, detail });
  const [q1, q2, q3] = qs.map((q) => results[q.key]);
  const worstOf = (pairs) => pairs.reduce((worst, [a, b]) => Math.max(worst, relDiff(a, b)), 0);
  if (q1.vigil.answers && q1.engine?.answers) {
    const series = q1.vigil.answers[0].series;
    const sums = series.map((s) => s.points.reduce((n, [, v]) => n + v, 0)).sort((a, b) => a - b);
    const points = series.reduce((n, s) => n + s.points.length, 0);
    for (const [form, a] of Object.entries(q1.engine.answers)) {
      const worst = a.sums.length === sums.length ? worstOf(sums.map((x, i) => [x, a.sums[i]])) : Infinity;
      add(`24 h range, SQL "${form}": same series and values as Vigil`, a.series === series.length && a.points === points && worst < 1e-9,
        `${a.series} vs ${series.length} series, ${fmt(a.points)} vs ${fmt(points)} points, per-series sums max relative difference ${worst.toExponential(1)}`);
    }
  }
  if (q2.vigil.answers && q2.engine?.answers) {
    const series = q2.vigil.answers[0].series;
    for (const [form, a] of Object.entries(q2.engine.answers)) {
      const pairs = series.flatMap((s) => s.points.map(([t, v]) => [v, a[s.labels.service]?.[t] ?? NaN]));
      const missing = pairs.filter(([, x]) => Number.isNaN(x)).length;
      const worst = worstOf(pairs.filter(([, x]) => !Number.isNaN(x)));
      add(`${SHAPE.days} d rate, SQL "${form}": same values as Vigil (±0.1 %)`, missing === 0 && pairs.length > 0 && worst < 1e-3,
        `${fmt(pairs.length)} points, ${missing} missing, max relative difference ${worst.toExponential(1)}`);
    }
  }
  if (q3.vigil.answers && q3.engine?.answers) {
    const throughput = q3.vigil.answers[0].throughput ?? [];
    for (const [form, a] of Object.entries(q3.engine.answers)) {
      const pairs = throughput.map(([t, v]) => [v, a.throughput[t] ?? NaN]);
      const missing = pairs.filter(([, x]) => Number.isNaN(x)).length;
      const worst = worstOf(pairs.filter(([, x]) => !Number.isNaN(x)));
      const infWorst = worstOf(Object.entries(a.throughput).map(([t, v]) => [v, a.inf[t] ?? NaN]));
      add(`golden signals, SQL "${form}": same throughput as Vigil (±0.1 %), +Inf bucket = requests`, missing === 0 && pairs.length > 0 && worst < 1e-3 && infWorst < 1e-9,
        `${pairs.length} points, ${missing} missing, max relative difference ${worst.toExponential(1)}; +Inf bucket vs _count ${infWorst.toExponential(1)}`);
    }
  }
  return out;
}

function checks(qs, results, sql, manifest) {
  const out = [];
  const add = (what, ok, detail) => out.push({ what, ok, detail });
  const pct = (x) => `${fmt(100 * x, 2)} %`;
  const [q1, q2, q3, q4] = qs.map((q) => results[q.key]);

  if (q1.vigil.answers && q1.vm.answers) {
    const vigilSeries = q1.vigil.answers[0].series;
    const peer = vmMatrix(q1.vm.answers[0], (m) => m.pod);
    let worst = 0;
    let points = 0;
    for (const s of vigilSeries) {
      const c = comparePoints(s.points, peer.get(s.labels.pod));
      worst = Math.max(worst, c.max || 0);
      points += c.compared;
    }
    const peerPoints = [...peer.values()].reduce((n, m) => n + m.size, 0);
    add('24 h range: same series and values as VictoriaMetrics', vigilSeries.length === peer.size && points === peerPoints && worst < 1e-9,
      `${vigilSeries.length} vs ${peer.size} series, ${fmt(points)} of ${fmt(peerPoints)} points compared, max relative difference ${worst.toExponential(1)}`);
  }
  if (q2.vigil.answers && q2.vm.answers) {
    const peer = vmMatrix(q2.vm.answers[0], (m) => m.service);
    const per = q2.vigil.answers[0].series.map((s) => comparePoints(s.points, peer.get(s.labels.service), HOUR_MS));
    const sumRatio = per.reduce((n, c) => n + c.sumRatio, 0) / per.length;
    const med = median(per.map((c) => c.median));
    add(`${SHAPE.days} d rate: agrees with VictoriaMetrics (±2 %)`, per.length === peer.size && Math.abs(sumRatio - 1) < 0.02 && med < 0.02,
      `${per.length} vs ${peer.size} series (resolution ${q2.vigil.answers[0].resolution ?? '?'}), ${fmt(per.reduce((n, c) => n + c.compared, 0))} points; ` +
        `median difference ${pct(med)}, Vigil/VM total ${fmt(sumRatio, 4)} (windows are 1 min apart: Vigil's hour t is (t−1m, t+59m], PromQL's (t, t+1h])`);
  }
  if (q3.vigil.answers && q3.vm.answers) {
    const signals = q3.vigil.answers[0];
    const [p50, p95, p99, rps, errors] = q3.vm.answers.map((a) => vmMatrix(a, () => 'x').get('x'));
    const thr = comparePoints(signals.throughput ?? [], rps, HOUR_MS);
    const lat = comparePoints(signals.latency?.p95 ?? [], p95, HOUR_MS, 1000);
    const err = comparePoints(signals.errorRate ?? [], errors, HOUR_MS, 100);
    add('golden signals: throughput agrees with VictoriaMetrics (±2 %)', thr.compared > 0 && Math.abs(thr.sumRatio - 1) < 0.02,
      `${thr.compared} points, median difference ${pct(thr.median)}, Vigil/VM total ${fmt(thr.sumRatio, 4)}`);
    add('golden signals: p95 latency agrees (±10 %)', lat.compared > 0 && lat.median < 0.1,
      `${lat.compared} points, median difference ${pct(lat.median)} (p50 ${fmt(comparePoints(signals.latency?.p50 ?? [], p50, HOUR_MS, 1000).median * 100, 2)} %, p99 ${fmt(comparePoints(signals.latency?.p99 ?? [], p99, HOUR_MS, 1000).median * 100, 2)} %)`);
    add('golden signals: error rate agrees (±10 %)', err.compared > 0 && err.median < 0.1, `${err.compared} points, median difference ${pct(err.median)}`);
  }
  if (sql) {
    add('logs search: the SQL finds every line generated with the term', sql.hits === manifest.vigil.rare, `${sql.hits} hits, ${manifest.vigil.rare} generated (~30 % capitalised)`);
  }
  if (q4.vigil.answers && sql) {
    const records = q4.vigil.answers[0].records ?? [];
    const same = records.length === sql.rows && records.every((r, i) => r.timestampMs === sql.timestamps[i]);
    add('logs search: same records as the SQL', same, `Vigil ${records.length} records, SQL ${sql.rows}, ${same ? 'the same timestamps in the same order' : 'different records'}`);
  }
  if (sql) {
    add('Vigil stored every sample and log line', sql.stored.samples === expectedSamples() && sql.stored.logs === SHAPE.logLines,
      `${fmt(sql.stored.samples)} samples, ${fmt(sql.stored.logs)} log lines in chDB`);
  }
  return out;
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
    victoriaMetrics: version('dpkg-query', ['-W', '-f', '${Version}', 'victoria-metrics']),
    chdb: JSON.parse(readFileSync(join(ROOT, 'node_modules/chdb/package.json'), 'utf8')).version,
    // dist/ is built from the work tree: say so when the server's sources differ from HEAD.
    vigil: `${version('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'])}${version('git', ['-C', ROOT, 'status', '--porcelain', '--', 'apps', 'libs']) ? ' + uncommitted changes' : ''}`,
    mode: QUICK ? 'quick' : 'full',
  };
  log(`Vigil query benchmark (${machine.mode}) — ${machine.date}, ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, Node ${machine.node}`);
  log(`  VictoriaMetrics ${machine.victoriaMetrics}; chDB ${machine.chdb}; Vigil ${machine.vigil}; ${API_WARMUPS} warm-ups (the SQL baseline: ${WARMUPS} after trying its forms) + ${RUNS} runs per query`);

  const manifest = readManifest();
  log(`\nData set ${KEY} (seed ${SEED}): ${fmt(SHAPE.series)} series × ${SHAPE.days} d at 1 min = ${fmt(expectedSamples())} samples, ${fmt(SHAPE.logLines)} log lines,`);
  log(`  ${iso(manifest.startMs)} … ${iso(manifest.endMs)}; cached in ${CACHE}`);
  const qs = queries(manifest);
  const results = Object.fromEntries(qs.map((q) => [q.key, { vigil: {}, vm: {} }]));

  // -- VictoriaMetrics: load (or reuse), then its queries, alone on the machine
  const vmDir = join(CACHE, 'vm');
  if (!manifest.vm.loaded) rmSync(vmDir, { recursive: true, force: true });
  // No response cache: every run computes its answer (Vigil has no result cache either).
  const startVm = () => startVictoria({ dir: vmDir, retention: '10y', args: ['-search.disableCache'] });
  let vm = await startVm();
  log(`\nVictoriaMetrics (pid ${vm.pid}, ${vm.url}, -search.disableCache)`);
  if (!manifest.vm.loaded) {
    await loadVictoria(vm, manifest);
    log('  restarting VictoriaMetrics so queries start from a plain restart, as for Vigil');
    await stopChild(vm.child, vm.dir);
    vm = await startVm();
  } else log(`  reusing the loaded data (${fmt(manifest.vm.samples)} samples, loaded ${manifest.vm.loadedAt}; --fresh reloads)`);
  log(`  idle after ${fmt(await waitIdle(vm.pid, vm.dir), 0)} s; storage ${mib(dirSize(vmDir))}`);
  for (const q of qs.filter((x) => x.vm)) {
    const urls = q.vm.map((v) => `${vm.url}/api/v1/query_range?${queryString(v)}`);
    results[q.key].vm = await measure(`${q.label}${q.vm.length > 1 ? ` (${q.vm.length} concurrent)` : ''}`, urls);
    if (results[q.key].vm.error) log(`  ${q.label.padEnd(40)} VictoriaMetrics answered ${results[q.key].vm.error}: ${results[q.key].vm.detail}`);
  }
  const vmRss = peakRssBytes(vm.pid);
  await stopChild(vm.child, vm.dir);

  // -- Vigil: load (or reuse), then its queries through the HTTP API with a session
  const vigilDir = join(CACHE, 'vigil');
  if (!manifest.vigil.loaded) rmSync(vigilDir, { recursive: true, force: true });
  mkdirSync(vigilDir, { recursive: true });
  if (!manifest.vigil.loaded) {
    const loader = await startVigil({ dir: vigilDir, adminEmail: ADMIN.email, adminPassword: ADMIN.password, readyMs: 600_000 });
    log(`\nVigil standalone (pid ${loader.pid}, ${loader.url}, data ${vigilDir})`);
    const cpu0 = cpuSeconds(processTree(loader.pid, loader.dir));
    await loadVigil(loader, manifest);
    log(`  load CPU ${fmt(cpuSeconds(processTree(loader.pid, loader.dir)) - cpu0)} s; restarting Vigil so queries start from a plain restart`);
    await stopChild(loader.child, loader.dir);
  } else {
    log(`\nVigil: reusing the loaded data (${fmt(manifest.vigil.samples)} samples, ${fmt(manifest.vigil.lines)} lines, loaded ${manifest.vigil.loadedAt}; --fresh reloads)`);
  }
  // The hourly rollup as Vigil's worker has it once caught up (it builds it off the insert path).
  const rollup = await nodeTask(join(import.meta.dirname, 'rollup-catch-up.mjs'), [vigilDir], 'rollup-catch-up');
  log(`  rollup caught up (Vigil stopped, its MetricRollup in a child): ${fmt(rollup.closedHours)} hours closed, ${fmt(rollup.rebuiltHours)} stale hours rebuilt, ${fmt(rollup.slices)} build queries, ${rollup.runs} runs, ${fmt(rollup.seconds, 1)} s`);
  const vigil = await startVigil({ dir: vigilDir, adminEmail: ADMIN.email, adminPassword: ADMIN.password, readyMs: 600_000 });
  log(`  Vigil standalone (pid ${vigil.pid}, ${vigil.url}, data ${vigilDir})`);
  const session = await vigilLogin(vigil, ADMIN.email, ADMIN.password);
  const projectId = benchProject(session.user).id;
  manifest.projectId = projectId;
  log(`  signed in as ${ADMIN.email}, project ${projectId}; idle after ${fmt(await waitIdle(vigil.pid, vigil.dir, { maxMs: 300_000 }), 0)} s; chDB data ${mib(dirSize(join(vigilDir, 'clickhouse')))}`);
  for (const q of qs) {
    const urls = q.vigil.map((v) => `${vigil.url}${v.path}?${queryString({ project: projectId, ...v.params })}`);
    results[q.key].vigil = await measure(q.label, urls, session.headers);
    const failed = results[q.key].vigil;
    if (failed.error) {
      log(`  ${q.label.padEnd(40)} Vigil answered ${failed.error}: ${failed.detail}`);
      if (failed.error === 'HTTP 500') log(`    Vigil's output ends:\n${vigil.child.output.slice(-1500).replace(/^/gm, '      ')}`);
    }
  }
  // The fixed cost of a request, for reading the figures: a session check alone, then one small chDB query.
  const floors = {
    session: await measure('(floor) GET /api/v1/auth/me', [`${vigil.url}/api/v1/auth/me`], session.headers),
    chdb: await measure('(floor) GET /api/v1/metrics/names', [`${vigil.url}/api/v1/metrics/names?project=${projectId}`], session.headers),
  };
  const vigilRss = peakRssBytes(vigil.pid);
  await stopChild(vigil.child, vigil.dir);

  // -- the engine's limit for the logs search: hand-written SQL on the same chDB directory
  const logsQuery = qs.find((q) => q.sql);
  log(`\nchDB alone (Vigil stopped; its data directory opened in a child process): hand-written SQL for the logs search`);
  const sql = await nodeTask(join(import.meta.dirname, 'sql-baseline.mjs'), [vigilDir, projectId, logsQuery.sql.from, logsQuery.sql.to, logsQuery.sql.term, RUNS, WARMUPS, logsQuery.sql.limit].map(String), 'sql-baseline');
  for (const c of sql.candidates) log(`  ${c.name.padEnd(30)} ${c.error ? `error: ${c.error}` : `${fmt(c.ms, 1)} ms best of 3, ${c.hits} hits`}`);
  log(`  chosen: ${sql.chosen}: p50 ${fmt(sql.p50, 1)} ms  p95 ${fmt(sql.p95, 1)} ms (${sql.runs} runs)\n  ${sql.sql}`);
  results.logs.sql = sql;

  // -- the engine's limit for the metric queries: hand-written SQL computing the same answers
  log(`\nchDB alone: hand-written SQL for the metric queries (same answers, in-process, output received as text, not parsed)`);
  const engineSpec = { dir: vigilDir, projectId, runs: RUNS, warmups: WARMUPS, out: join(CACHE, 'metrics-sql-baseline.json'), ...Object.fromEntries(qs.filter((q) => q.engine).map((q) => [q.key, q.engine])) };
  const { file } = await nodeTask(join(import.meta.dirname, 'metrics-sql-baseline.mjs'), [JSON.stringify(engineSpec)], 'metrics-sql-baseline');
  const engine = JSON.parse(readFileSync(file, 'utf8'));
  for (const q of qs.filter((x) => x.engine)) {
    const e = engine[q.key];
    log(`  ${q.label}`);
    for (const c of e.candidates) log(`    ${c.name.padEnd(52)} ${c.error ? `error: ${c.error}` : `${fmt(c.ms, 1)} ms median of 5`}`);
    if (!e.error) log(`    chosen: ${e.chosen}: p50 ${fmt(e.p50, 1)} ms  p95 ${fmt(e.p95, 1)} ms (${e.runs} runs)`);
    results[q.key].engine = e;
  }
  results.logs.engine = sql;

  // ---------------------------------------------------------------- table, checks, docs
  const rows = qs.map((q) => {
    const v = results[q.key].vigil;
    const peer = q.sql ? results[q.key].sql : results[q.key].vm;
    const target = TARGETS[q.key];
    const absolute = !v.error && v.p95 < target;
    const relative = q.sql ? v.p95 <= LOGS_VS_SQL * peer.p95 : v.p95 <= peer.p95;
    const ok = !v.error && absolute && relative;
    return {
      query: q.label,
      what: q.what,
      vigil: v.error ? `no answer (${v.error})` : `${fmt(v.p50, 1)} / ${fmt(v.p95, 1)}`,
      peerName: q.sql ? `SQL (${sql.chosen})` : `VictoriaMetrics${q.vm.length > 1 ? ` (${q.vm.length} queries at once)` : ''}`,
      peer: peer.error ? `no answer (${peer.error})` : `${fmt(peer.p50, 1)} / ${fmt(peer.p95, 1)}`,
      engine: engineCell(results[q.key].engine),
      vsEngine: vsEngineCell(v, results[q.key].engine),
      engineVsPeer: q.sql || !results[q.key].engine || results[q.key].engine.error || peer.error ? undefined : results[q.key].engine.p95 / peer.p95,
      target: `p95 < ${target} ms, ${q.sql ? `≤ ${LOGS_VS_SQL}× SQL` : '≤ VictoriaMetrics'}`,
      met: v.error ? 'NOT met (no answer)' : ok ? 'met' : `NOT met (${[!absolute && `p95 ${fmt(v.p95)} ms`, !relative && (q.sql ? `${fmt(v.p95 / peer.p95, 2)}× SQL` : `${fmt(v.p95 / peer.p95, 2)}× VM`)].filter(Boolean).join(', ')})`,
    };
  });
  const header = ['query', 'Vigil p50 / p95 ms', 'peer', 'peer p50 / p95 ms', "chDB alone, best SQL p50 / p95 ms", 'Vigil p95 / engine p95', 'target', 'met?'];
  const cells = rows.map((r) => [r.query, r.vigil, r.peerName, r.peer, r.engine, r.vsEngine, r.target, r.met]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join('  ');
  log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${cells.map(line).join('\n')}`);
  log('\nQueries:');
  for (const r of rows) log(`  ${r.query}: ${r.what}`);
  for (const r of rows.filter((x) => x.engineVsPeer !== undefined)) {
    log(`  ${r.query}: chDB alone (best hand-written SQL, no HTTP) p95 is ${fmt(r.engineVsPeer, 2)}× VictoriaMetrics' p95 over HTTP${r.engineVsPeer > 1 ? ' — no API on this engine can meet "≤ VictoriaMetrics" here' : ''}`);
  }
  const agreement = [...checks(qs, results, sql, manifest), ...engineChecks(qs, results)];
  log('\nChecks:');
  for (const c of agreement) log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: ${c.detail}`);
  log(`\nPeak RSS: Vigil ${mib(vigilRss)}, VictoriaMetrics ${mib(vmRss)}. Total ${fmt((Date.now() - began) / 1000)} s`);

  if (WRITE_DOCS) writeDocs(machine, manifest, header, cells, rows, agreement, sql, floors, qs.filter((q) => q.engine).map((q) => ({ label: q.label, engine: results[q.key].engine })));
}

function writeDocs(machine, manifest, header, cells, rows, agreement, sql, floors, engines) {
  const file = join(ROOT, 'docs/benchmarks.md');
  const md = (c) => `| ${c.map((x) => String(x).replace(/\|/g, '\\|')).join(' | ')} |`;
  const load = manifest.vigil.samplesPerSecond ? ` Loaded into Vigil at ${fmt(manifest.vigil.samplesPerSecond / 1000)} k samples/s and ${fmt(manifest.vigil.linesPerSecond / 1000, 1)} k lines/s.` : '';
  const section = [
    '<!-- query:begin (written by `node bench/query/run.mjs`; edits inside are overwritten) -->',
    `Run: \`node bench/query/run.mjs${QUICK ? ' --quick' : ''}\` on ${machine.date} (${machine.mode} run) — ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, ` +
      `Node ${machine.node}, VictoriaMetrics ${machine.victoriaMetrics} (\`-search.disableCache\`), chDB ${machine.chdb}, Vigil ${machine.vigil}. ` +
      `Data (seed ${SEED}): ${fmt(SHAPE.series)} series × ${SHAPE.days} days at 1 min = ${fmt(expectedSamples())} samples and ${fmt(SHAPE.logLines)} log lines, ` +
      `the same samples in both systems (Vigil's project set to retention ${RETENTION_DAYS} days and \`ingest_limits.maxAgeMs\` ${MAX_AGE_MS / DAY_MS} days to accept them).${load} Each query: ${API_WARMUPS} warm-ups, then ${RUNS} runs one after another (the SQL baseline's chosen form: ${FORM_TRIAL.warmups} + ${FORM_TRIAL.runs} runs while the forms were tried, then ${WARMUPS} warm-ups, so each side's query has run as often before it is timed: ClickHouse compiles an expression on its 3rd use); p50 / p95 in ms, measured by the client over loopback HTTP ` +
      `(Vigil with a session cookie); the SQL baseline runs in-process on the same chDB directory with Vigil stopped.`,
    '',
    md(header),
    md(header.map(() => '---')),
    ...cells.map(md),
    '',
    ...rows.map((r) => `- **${r.query}**: ${r.what}.`),
    `- SQL baseline (fastest of ${sql.candidates.length} forms that find the same records): \`${sql.sql}\`; the others, best of 3: ` +
      sql.candidates.filter((c) => c.name !== sql.chosen).map((c) => `${c.name} ${c.error ? 'failed' : `${fmt(c.ms)} ms`}`).join(', ') + '.',
    ...engines.map(({ label, engine }) =>
      engine.error
        ? `- chDB alone, ${label}: no form ran (${engine.error}).`
        : `- chDB alone, ${label}: fastest of ${engine.candidates.length} hand-written forms computing Vigil's answer, "${engine.chosen}": \`${engine.sql.join('` together with `')}\`; the others, median of 5: ` +
          engine.candidates.filter((c) => c.name !== engine.chosen).map((c) => `"${c.name}" ${c.error ? 'failed' : `${fmt(c.ms)} ms`}`).join(', ') + '.',
    ),
    ...rows.filter((r) => r.engineVsPeer !== undefined).map((r) => `- ${r.query}: chDB alone (best SQL, in-process, no HTTP) p95 = **${fmt(r.engineVsPeer, 2)}×** VictoriaMetrics' p95 over HTTP.`),
    `- Vigil's fixed cost per request (p50 / p95 ms): a session check alone (\`GET /api/v1/auth/me\`) ${fmt(floors.session.p50, 1)} / ${fmt(floors.session.p95, 1)}; ` +
      `plus one small chDB query (\`GET /api/v1/metrics/names\`) ${fmt(floors.chdb.p50, 1)} / ${fmt(floors.chdb.p95, 1)}.`,
    '',
    '| check | | |',
    '| --- | --- | --- |',
    ...agreement.map((c) => md([c.what, c.ok ? 'ok' : 'FAIL', c.detail])),
    '<!-- query:end -->',
  ].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (/<!-- query:begin[\s\S]*?<!-- query:end -->/.test(text)) text = text.replace(/<!-- query:begin[\s\S]*?<!-- query:end -->/, () => section);
  else text = `${text.trimEnd()}\n\n## Query\n\n${section}\n`;
  writeFileSync(file, text);
  log(`Wrote the figures to ${file}`);
}

await runBenchmark(main, watchdog);
