#!/usr/bin/env node
// Ingest benchmark: Vigil standalone vs VictoriaMetrics vs Prometheus (remote_write), Vigil's
// OTLP/JSON paths, and the engine's own limit (chDB rawInsert of the same rows).
//   node bench/ingest/run.mjs [--quick] [--no-docs]
// Needs the built server (npx nx run standalone:build); see bench/README.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, peakRssBytes, processTree, rssSampler } from '../lib/procstat.mjs';
import { cleanup, cleanupOnSignals, fmt, getJson, mib, nodeTask, stopChild, tempDir, version } from '../lib/processes.mjs';
import { requireBuiltServer, requirePackages, startPrometheus, startVictoria, startVigil } from '../lib/systems.mjs';
import { ACCEPTED, runLoad } from './load.mjs';
import { buildOtlpLogs, buildOtlpMetrics, buildRemoteWrite, buildVigilNdjson, ROOT } from './payloads.mjs';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const WRITE_DOCS = !args.has('--no-docs');
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
  const cpu0 = cpuSeconds(tree());
  const sampler = rssSampler(system.pid, system.dir);
  const result = await runLoad(load);
  const treeRss = sampler.stop();
  const serverCpu = cpuSeconds(tree()) - cpu0;
  const row = { label, system: system.name, ...result, serverCpu, treeRss, peakRss: peakRssBytes(system.pid) };
  log(
    `  ${label.padEnd(28)} ${fmt(row.rate).padStart(11)}/s accepted  (${fmt(row.acceptedItems)} of ${fmt(row.sentItems)} sent, ${row.requests} req, ${fmt(row.seconds, 1)} s)` +
      `  p50 ${fmt(row.p50)} ms  p99 ${fmt(row.p99)} ms  server CPU ${fmt(serverCpu, 1)} s (${fmt(serverCpu / row.seconds, 2)} cores)  client CPU ${fmt(row.clientCpuSeconds, 1)} s` +
      `  peak RSS ${mib(row.peakRss)}${row.retries ? `  retries ${row.retries}` : ''}${row.errors ? `  ERRORS ${row.errors}: ${row.errorSamples.join(' | ')}` : ''}`,
  );
  return row;
}

// ------------------------------------------------------------------ systems

/**
 * Samples stored: PromQL count_over_time over the last 2 hours, one query per metric name
 * (count_over_time drops the name, so one query over all names would collide in Prometheus).
 */
async function promqlSampleCount(url) {
  const names = (await getJson(`${url}/api/v1/label/__name__/values`)).data;
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
  log(`  Prometheus ${machine.prometheus}; VictoriaMetrics ${machine.victoriaMetrics}; chDB ${machine.chdb}; Vigil ${machine.vigil}`);

  // Timestamps: 30 min ago, advancing 0.5 s per sample (well inside every retention window).
  const startMs = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
  let t = Date.now();
  const rw = buildRemoteWrite({ requests: CFG.rwRequests, startMs });
  log(`\nPre-built ${fmt(CFG.rwRequests)} remote_write requests (${fmt(rw.samples)} samples, 10,000 series, 8 shards) in ${fmt((Date.now() - t) / 1000, 1)} s`);

  const rows = [];
  const counts = {};

  // -- remote_write into each system, one at a time, each on its own data dir
  for (const startSystem of [startVictoria, startPrometheus]) {
    const system = await startSystem();
    log(`\n${system.name} (pid ${system.pid}, ${system.url})`);
    const row = await measure('remote_write', system, rwLoad(system, rw));
    rows.push(row);
    if (system.name === 'VictoriaMetrics') await fetch(`${system.url}/internal/force_flush`).catch(() => undefined);
    await new Promise((done) => setTimeout(done, 1500));
    row.stored = await promqlSampleCount(system.url);
    log(`  stored (counted back by PromQL count_over_time): ${fmt(row.stored)} of ${fmt(row.acceptedItems)} acknowledged`);
    await stopChild(system.child, system.dir);
  }

  const vigil = await startVigil();
  log(`\nVigil standalone (pid ${vigil.pid}, ${vigil.url}, data ${vigil.dir})`);
  const vigilRw = await measure('remote_write', vigil, rwLoad(vigil, rw));
  rows.push(vigilRw);

  const scenarios = [
    ['OTLP metrics protobuf', 'otlp-metrics-pb', '/v1/metrics', 'application/x-protobuf', ACCEPTED.otlpProtobuf, () => buildOtlpMetrics({ requests: CFG.otlpMetricRequests, startMs, format: 'protobuf', prefix: 'otlppb' })],
    ['OTLP metrics JSON', 'otlp-metrics-json', '/v1/metrics', 'application/json', ACCEPTED.otlpJson, () => buildOtlpMetrics({ requests: CFG.otlpMetricRequests, startMs, format: 'json', prefix: 'otlpjson' })],
    ['OTLP logs protobuf', 'otlp-logs-pb', '/v1/logs', 'application/x-protobuf', ACCEPTED.otlpProtobuf, () => buildOtlpLogs({ requests: CFG.logRequests, startMs, format: 'protobuf', servicePrefix: 'otlppb' })],
    ['OTLP logs JSON', 'otlp-logs-json', '/v1/logs', 'application/json', ACCEPTED.otlpJson, () => buildOtlpLogs({ requests: CFG.logRequests, startMs, format: 'json', servicePrefix: 'otlpjson' })],
    ['Vigil NDJSON logs', 'vigil-ndjson', '/api/v1/ingest/logs', 'application/x-ndjson', ACCEPTED.vigilLogs, () => buildVigilNdjson({ requests: CFG.logRequests, startMs, servicePrefix: 'ndjson' })],
  ];
  for (const [label, key, path, type, accepted, build] of scenarios) {
    t = Date.now();
    const bodies = build();
    log(`  (pre-built ${bodies.length} ${label} requests of ${fmt(bodies[0].items)} items in ${fmt((Date.now() - t) / 1000, 1)} s)`);
    const row = await measure(label, vigil, { url: `${vigil.url}${path}`, headers: { 'content-type': type, ...vigil.auth }, queues: [bodies], durationMs: CFG.seconds * 1000, accepted });
    row.key = key;
    rows.push(row);
  }

  // -- latency at 80 % of Vigil's measured remote_write maximum (same bodies, paced)
  const target = 0.8 * vigilRw.rate;
  const slow = await measure(`remote_write @80% (${fmt(target / 1000)} k/s)`, vigil, rwLoad(vigil, rw, { rate: target, durationMs: CFG.slowSeconds * 1000 }));
  slow.key = 'slow';
  rows.push(slow);

  // -- count back: stop Vigil gracefully, open its chDB directory in a child process
  const vigilPeakRss = peakRssBytes(vigil.pid);
  await stopChild(vigil.child, vigil.dir);
  const vigilCounts = await chdbTask(['count', vigil.dir]);
  Object.assign(counts, vigilCounts);
  vigilRw.stored = vigilCounts['remote_write'] ?? 0;
  vigilRw.ackedIncludingSlow = vigilRw.acceptedItems + slow.acceptedItems;
  for (const row of rows) if (row.system === 'Vigil' && row.key && row.key !== 'slow') row.stored = vigilCounts[row.key] ?? 0;
  log(`  counted back from Vigil's chDB: ${JSON.stringify(vigilCounts)}`);
  log(`  remote_write acknowledged ${fmt(vigilRw.ackedIncludingSlow)} (max + 80% runs), stored ${fmt(vigilRw.stored)}`);

  // -- the engine's limit
  log(`\nEngine limit: chDB rawInsert of the same rows (pre-built TabSeparated, Vigil's schema with rollup views, ≤1 M rows / 64 MiB per insert)`);
  const engine = await chdbTask(['engine', tempDir('engine-bench-'), String(CFG.engineRw), String(CFG.engineLogs), String(startMs)]);
  log(`  metric samples: ${fmt(engine.metrics.rate)}/s (${fmt(engine.metrics.items)} in ${fmt(engine.metrics.seconds, 2)} s, ${engine.metrics.inserts} inserts, CPU ${fmt(engine.metrics.cpuSeconds, 1)} s); ` +
    `Vigil's JS decode ${fmt(engine.metrics.decodeUsPerSample, 2)} µs + encode ${fmt(engine.metrics.encodeUsPerSample, 2)} µs per sample`);
  log(`  log lines:      ${fmt(engine.logs.rate)}/s (${fmt(engine.logs.items)} in ${fmt(engine.logs.seconds, 2)} s, ${engine.logs.inserts} inserts, CPU ${fmt(engine.logs.cpuSeconds, 1)} s); ` +
    `Vigil's JS decode ${fmt(engine.logs.decodeUsPerRecord, 2)} µs + encode ${fmt(engine.logs.encodeUsPerRecord, 2)} µs per record`);
  log(`  stored: ${JSON.stringify(engine.stored)}; peak RSS ${mib(engine.peakRss)}`);

  // ---------------------------------------------------------------- table + targets
  const vm = rows.find((r) => r.system === 'VictoriaMetrics');
  const prom = rows.find((r) => r.system === 'Prometheus');
  const bestLogs = Math.max(...rows.filter((r) => r.system === 'Vigil' && /logs/.test(r.label)).map((r) => r.rate));
  const pbLogs = rows.find((r) => r.key === 'otlp-logs-pb');
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const targets = [
    ['remote_write ≥ VictoriaMetrics', `${fmt(vigilRw.rate)} vs ${fmt(vm.rate)} samples/s (${fmt(vigilRw.rate / vm.rate, 2)}×)`, verdict(vigilRw.rate >= vm.rate)],
    ['remote_write ≥ 1.5× Prometheus', `${fmt(vigilRw.rate)} vs ${fmt(1.5 * prom.rate)} (${fmt(vigilRw.rate / prom.rate, 2)}× Prometheus)`, verdict(vigilRw.rate >= 1.5 * prom.rate)],
    ['OTLP protobuf logs ≥ 60 % of engine', `${fmt(pbLogs.rate)} vs ${fmt(0.6 * engine.logs.rate)} lines/s (${fmt((100 * pbLogs.rate) / engine.logs.rate)} % of ${fmt(engine.logs.rate)})`, verdict(pbLogs.rate >= 0.6 * engine.logs.rate)],
    ['best log path ≥ 60 % of engine', `${fmt(bestLogs)} lines/s (${fmt((100 * bestLogs) / engine.logs.rate)} %)`, verdict(bestLogs >= 0.6 * engine.logs.rate)],
    ['p99 < 250 ms at 80 % of max', `p99 ${fmt(slow.p99)} ms at ${fmt(slow.rate)} samples/s achieved`, verdict(slow.p99 < 250)],
    ['Vigil peak RSS < 2 GiB', `${mib(vigilPeakRss)} (Vigil process; with Postgres + Redis ${mib(Math.max(...rows.filter((r) => r.system === 'Vigil').map((r) => r.treeRss)))})`, verdict(vigilPeakRss < 2 * 2 ** 30)],
  ];

  const header = ['system', 'scenario', 'accepted/s', 'p50 ms', 'p99 ms', 'server CPU s', 'CPU s per M items', 'peak RSS', 'acked', 'stored (counted back)'];
  const tableRows = rows.map((r) => [
    r.system, r.label, fmt(r.rate), fmt(r.p50), fmt(r.p99), fmt(r.serverCpu, 1), fmt(r.serverCpu / (r.acceptedItems / 1e6), 2), mib(r.peakRss), fmt(r.acceptedItems),
    r.key === 'slow' ? '(in remote_write)' : r.system === 'Vigil' && !r.key ? `${fmt(r.stored)} of ${fmt(r.ackedIncludingSlow)} (incl. 80% run) ${r.stored >= r.ackedIncludingSlow ? '✓' : '✗'}` : `${fmt(r.stored)} ${r.stored >= r.acceptedItems ? '✓' : '✗'}`,
  ]);
  tableRows.push(['chDB engine', 'metric samples, rawInsert', fmt(engine.metrics.rate), '', '', fmt(engine.metrics.cpuSeconds, 1), fmt(engine.metrics.cpuSeconds / (engine.metrics.items / 1e6), 2), mib(engine.peakRss), fmt(engine.metrics.items), `${fmt(engine.stored.samples)} ${engine.stored.samples >= engine.metrics.items ? '✓' : '✗'}`]);
  tableRows.push(['chDB engine', 'log lines, rawInsert', fmt(engine.logs.rate), '', '', fmt(engine.logs.cpuSeconds, 1), fmt(engine.logs.cpuSeconds / (engine.logs.items / 1e6), 2), '', fmt(engine.logs.items), `${fmt(engine.stored.logs)} ${engine.stored.logs >= engine.logs.items ? '✓' : '✗'}`]);

  const widths = header.map((h, i) => Math.max(h.length, ...tableRows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${tableRows.map(line).join('\n')}`);
  log(`\nTargets (issue 3, item 8):`);
  for (const [what, figures, ok] of targets) log(`  ${ok.padEnd(8)} ${what}: ${figures}`);
  log(`\nTotal ${fmt((Date.now() - began) / 1000)} s`);

  if (WRITE_DOCS) writeDocs(machine, header, tableRows, targets, engine);
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
    `Vigil's own JS work per item, single-threaded, measured in the engine run: remote_write decode ${fmt(engine.metrics.decodeUsPerSample, 2)} µs + ` +
      `encode ${fmt(engine.metrics.encodeUsPerSample, 2)} µs per sample; OTLP protobuf logs decode ${fmt(engine.logs.decodeUsPerRecord, 2)} µs + encode ${fmt(engine.logs.encodeUsPerRecord, 2)} µs per record.`,
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

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
