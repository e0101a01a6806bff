// Child-process tasks on embedded chDB (one engine per process, so never in the runner itself):
//   node chdb-tasks.mjs count <vigilDataDir>         counts what Vigil stored, per scenario
//   node chdb-tasks.mjs engine <workDir> <rwRequests> <logRequests> <startMs>
//                                                    the engine's limit: the same rows, pre-built,
//                                                    as Arrow columns and as TabSeparated text
//                                                    (with and without the old rollup view); only
//                                                    the inserts are timed
//   node chdb-tasks.mjs round-sizes <workDir> <rwRequests> <startMs> <requestsPerRound,...>
//                                                    what one insert round costs by its size: the
//                                                    same remote_write rows through Vigil's insert,
//                                                    k requests a round, each size into its own
//                                                    database; wall ms per round and process CPU
//                                                    (the engine's merges included) per M samples
//   node chdb-tasks.mjs paced <workDir> <rwRequests> <startMs> <samples/s> <seconds> <gapMs,...>
//                                                    Vigil's group commit alone (no HTTP, no decode
//                                                    on the clock): requests submitted at a steady
//                                                    rate, phases of each round gap interleaved;
//                                                    submit-to-stored latency and process CPU
//   node chdb-tasks.mjs round-tail <workDir> <rwRequests> <startMs> <rowsPerRound> <intervalMs> <seconds> <variant,...>
//                                                    where an insert round's tail comes from: rounds
//                                                    of about rowsPerRound samples started every
//                                                    intervalMs (a lane at a steady load, no HTTP),
//                                                    each variant (table settings, merges stopped)
//                                                    in its own database, in turn; per round wall ms
//                                                    (mean, p50, p99, max), process CPU per round,
//                                                    and the engine's merges meanwhile (system.events)
//   node chdb-tasks.mjs round-cost <workDir> <rwRequests> <startMs> <repeats>
//                                                    what an insert round costs the engine besides
//                                                    its rows: SELECT 1 on the writer's session, and
//                                                    Vigil's Arrow insert of one request's rows and
//                                                    of four, into metric_samples (merges stopped)
//                                                    and into a Null-engine copy (no part written);
//                                                    wall ms and process CPU ms per operation
// Prints one JSON line (prefixed RESULT ) on stdout.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { buildOtlpLogs, buildOtlpMetrics, buildRemoteWrite, ROOT } from './payloads.mjs';

const require = createRequire(resolve(ROOT, 'package.json'));
const DIST = resolve(ROOT, 'dist/server/libs');
const store$ = require(`${DIST}/telemetry-store/src`);
const ingest$ = require(`${DIST}/ingest/src`);
const PROJECT = '00000000-0000-4000-8000-0000000000be';
const RETENTION_DAYS = 30;
const MAX_ROWS = 1_000_000; // GroupCommitWriter's maxBatchRows
const MAX_BYTES = 64 * 2 ** 20; // and maxBatchBytes

const [task, dir, ...positional] = process.argv.slice(2);
// --engine=--name=value,--name=value: server settings for the engine of this process (round-tail).
const ENGINE_ARGS = positional.filter((arg) => arg.startsWith('--engine=')).flatMap((arg) => arg.slice('--engine='.length).split(','));
const rest = positional.filter((arg) => !arg.startsWith('--engine='));
const peakRss = () => Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;

async function rows(store, query) {
  return (await store.client.query({ query, format: 'JSONEachRow' })).json();
}

async function count() {
  const store = await store$.createTelemetryStore({ database: 'vigil', dataDir: dir });
  const metrics = await rows(store, `SELECT multiIf(startsWith(metric_name, 'otlppb_'), 'otlp-metrics-pb', startsWith(metric_name, 'otlpjson_'), 'otlp-metrics-json', startsWith(metric_name, 'otlpcol_'), 'otlp-metrics-collector', startsWith(metric_name, 'rw100k_'), 'remote_write-100k', 'remote_write') AS k, count() AS n FROM vigil.metric_samples GROUP BY k`);
  const logs = await rows(store, `SELECT multiIf(startsWith(service, 'otlppb-'), 'otlp-logs-pb', startsWith(service, 'otlpjson-'), 'otlp-logs-json', startsWith(service, 'ndjson-'), 'vigil-ndjson', 'other') AS k, count() AS n FROM vigil.logs GROUP BY k`);
  // Parts of the samples table left when Vigil stopped: merge debt (many parts) shows here.
  const [parts] = await rows(store, `SELECT count() AS n FROM system.parts WHERE database = 'vigil' AND table = 'metric_samples' AND active`);
  await store.close();
  return { ...Object.fromEntries([...metrics, ...logs].map(({ k, n }) => [k, Number(n)])), sampleParts: Number(parts.n) };
}

/** Joins encoded batches into rounds (one ColumnarRows per table) under Vigil's group-commit caps. */
function rounds(encoded) {
  const out = [];
  let current;
  for (const batch of encoded) {
    if (!current || current.rows + batch.rows > MAX_ROWS || current.bytes + batch.bytes > MAX_BYTES) out.push((current = { rows: 0, bytes: 0, items: 0, tables: new Map() }));
    current.rows += batch.rows;
    current.bytes += batch.bytes;
    current.items += batch.items;
    for (const table of batch.tables) {
      if (table.rows === 0) continue;
      const parts = current.tables.get(table.schema.table) ?? [];
      parts.push({ table, projectId: batch.projectId, retentionDays: batch.retentionDays });
      current.tables.set(table.schema.table, parts);
    }
  }
  return out.map((round) => ({ items: round.items, tables: [...round.tables.values()].map((parts) => store$.joinTables(parts)) }));
}

/**
 * The same rounds three ways, interleaved round by round so merges and the machine's other load
 * fall on all of them alike, each into its own database:
 * - `arrow`: Vigil's path, the columns as Arrow arrays (store.writer.insertColumns);
 * - `text`: chDB's raw insert of the same rows as TabSeparated (the text rawInsert parses);
 * - `textView` (metrics only): the same text insert into tables that still have the hourly
 *   rollup's materialized view (migrations up to 008), what every insert paid before 009.
 * Payloads are built before timing; only the inserts are timed.
 */
async function insertAllWays(stores, connection, prepared) {
  const ways = Object.keys(stores);
  const texts = prepared.map((round) => round.tables.map((rows) => ({ table: rows.schema.table, columns: rows.schema.columns.map((c) => c.name), payload: store$.columnsToTabSeparated(rows) })));
  const totals = Object.fromEntries(ways.map((way) => [way, { seconds: 0, cpu: 0, items: 0, inserts: 0 }]));
  for (let index = 0; index < prepared.length; index++) {
    for (const way of ways) {
      const cpu = process.cpuUsage();
      const began = performance.now();
      if (way === 'arrow') for (const rows of prepared[index].tables) await stores[way].writer.insertColumns(rows);
      else for (const { table, columns, payload } of texts[index]) await connection.chdb.rawInsert({ table: `${stores[way].database}.${table}`, columns, values: payload, format: 'TabSeparated' });
      totals[way].seconds += (performance.now() - began) / 1000;
      const used = process.cpuUsage(cpu);
      totals[way].cpu += (used.user + used.system) / 1e6;
      totals[way].items += prepared[index].items;
      totals[way].inserts += prepared[index].tables.length;
    }
  }
  return Object.fromEntries(ways.map((way) => [way, { items: totals[way].items, seconds: totals[way].seconds, rate: totals[way].items / totals[way].seconds, cpuSeconds: totals[way].cpu, inserts: totals[way].inserts }]));
}

async function migrated(database, dataDir, until) {
  const store = await store$.createTelemetryStore({ database, dataDir });
  if (until === undefined) await store$.migrateTelemetryStore(store);
  else {
    // The shipped migrations up to `until` only (the rollup's view exists until 009).
    const { mkdtempSync, copyFileSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const source = resolve(DIST, 'telemetry-store/migrations');
    const directory = mkdtempSync(resolve(tmpdir(), 'vigil-engine-migrations-'));
    for (const name of readdirSync(source)) if (name.endsWith('.sql') && name < until) copyFileSync(resolve(source, name), resolve(directory, name));
    await store$.migrateTelemetryStore(store, { directory });
  }
  return store;
}

/**
 * Vigil's JS cost per OTLP metrics point (protobuf), decode and encode, one request at a time as
 * the server does (so no heap of pre-built batches inflates it): without the series cache, and
 * with it warmed by one pass over the same bodies (an SDK sends the same series every interval).
 */
function otlpMetricsJsCost(requests, startMs, limits, now) {
  const bodies = buildOtlpMetrics({ requests, startMs, format: 'protobuf', prefix: 'otlppb' }).map(({ body }) => body);
  const pass = (options) => {
    const encoder = new store$.MetricBatchEncoder();
    let decodeMs = 0;
    let encodeMs = 0;
    let points = 0;
    for (const body of bodies) {
      let began = performance.now();
      const batch = ingest$.decodeOtlpMetrics(body, 'protobuf', limits, now, options);
      decodeMs += performance.now() - began;
      began = performance.now();
      encoder.encode(PROJECT, batch, RETENTION_DAYS).onWritten();
      encodeMs += performance.now() - began;
      points += batch.sampleCount;
    }
    return { decodeUsPerPoint: (decodeMs * 1000) / points, encodeUsPerPoint: (encodeMs * 1000) / points };
  };
  pass({}); // warm-up of the code paths
  const noCache = pass({});
  const seriesCache = new ingest$.OtlpSeriesCache();
  pass({ seriesCache });
  return { noCache, cache: pass({ seriesCache }) };
}

async function engine() {
  const [rwRequests, logRequests, startMs] = rest.map(Number);
  const { createChdbConnection } = require('chdb/connection');
  const stores = { arrow: await migrated('engine_arrow', dir), text: await migrated('engine_text', dir), textView: await migrated('engine_view', dir, '009') };
  const connection = createChdbConnection({ path: resolve(dir, 'clickhouse') });
  const limits = ingest$.DEFAULT_INGEST_LIMITS;
  const now = Date.now();

  // Metrics: the remote_write bodies the senders post, decoded and encoded by Vigil's own code.
  const rw = buildRemoteWrite({ requests: rwRequests, startMs });
  const bodies = [];
  for (let i = 0; bodies.length < rwRequests; i++) for (const shard of rw.shards) if (shard[i] && bodies.length < rwRequests) bodies.push(shard[i].body);
  const seriesCache = new ingest$.DecodedSeriesCache();
  const encoder = new store$.MetricBatchEncoder();
  let began = performance.now();
  const batches = bodies.map((body) => ingest$.decodeRemoteWrite(body, limits, now, { seriesCache }));
  const decodeMs = performance.now() - began;
  began = performance.now();
  const encoded = batches.map((batch) => {
    const e = encoder.encode(PROJECT, batch, RETENTION_DAYS);
    e.onWritten(); // as after a successful insert: later batches carry no series rows
    return e;
  });
  const encodeMs = performance.now() - began;
  const samples = encoded.reduce((n, e) => n + e.items, 0);
  const metrics = { ...(await insertAllWays(stores, connection, rounds(encoded))), decodeUsPerSample: (decodeMs * 1000) / samples, encodeUsPerSample: (encodeMs * 1000) / samples };

  // Logs: the OTLP protobuf log bodies, decoded and encoded by Vigil's own code (no view on logs).
  const logBodies = buildOtlpLogs({ requests: logRequests, startMs, format: 'protobuf', servicePrefix: 'otlppb' });
  began = performance.now();
  const logBatches = logBodies.map(({ body }) => ingest$.decodeOtlpLogs(body, 'protobuf', limits, now));
  const logDecodeMs = performance.now() - began;
  began = performance.now();
  const logEncoded = logBatches.map((batch) => store$.encodeLogBatch(PROJECT, batch, RETENTION_DAYS));
  const logEncodeMs = performance.now() - began;
  const records = logEncoded.reduce((n, e) => n + e.items, 0);
  const logs = { ...(await insertAllWays({ arrow: stores.arrow, text: stores.text }, connection, rounds(logEncoded))), decodeUsPerRecord: (logDecodeMs * 1000) / records, encodeUsPerRecord: (logEncodeMs * 1000) / records };

  const otlpMetricsJs = otlpMetricsJsCost(Math.min(100, rwRequests), startMs, limits, now);

  const stored = {};
  for (const [way, store] of Object.entries(stores)) {
    const [row] = await rows(store, `SELECT (SELECT count() FROM ${store.database}.metric_samples) AS samples, (SELECT count() FROM ${store.database}.logs) AS logs`);
    stored[way] = { samples: Number(row.samples), logs: Number(row.logs) };
  }
  await connection.close();
  for (const store of Object.values(stores)) await store.close();
  return { metrics, logs, otlpMetricsJs, stored, peakRss: peakRss() };
}

/** The engine's merges still running (any database): the CPU they take counts against their size. */
async function mergesRunning(store) {
  const [row] = await rows(store, 'SELECT count() AS n FROM system.merges');
  return Number(row.n);
}

/** The bench's remote_write requests, shards taken in turn as the senders send them, decoded by Vigil. */
function decodedRemoteWrite(requests, startMs) {
  const rw = buildRemoteWrite({ requests, startMs });
  const bodies = [];
  for (let i = 0; bodies.length < requests; i++) for (const shard of rw.shards) if (shard[i] && bodies.length < requests) bodies.push(shard[i].body);
  const seriesCache = new ingest$.DecodedSeriesCache();
  const now = Date.now();
  return bodies.map((body) => ingest$.decodeRemoteWrite(body, ingest$.DEFAULT_INGEST_LIMITS, now, { seriesCache }));
}

async function roundSizes() {
  const [rwRequests, startMs] = rest.slice(0, 2).map(Number);
  const sizes = rest[2].split(',').map(Number);
  const batches = decodedRemoteWrite(rwRequests, startMs);
  const results = [];
  for (const size of sizes) {
    const store = await migrated(`rounds_${size}`, dir);
    const encoder = new store$.MetricBatchEncoder();
    const encoded = batches.map((batch) => encoder.encode(PROJECT, batch, RETENTION_DAYS));
    while ((await mergesRunning(store)) > 0) await new Promise((done) => setTimeout(done, 100));
    const cpu = process.cpuUsage();
    const wall = [];
    let samples = 0;
    for (let index = 0; index < encoded.length; index += size) {
      const round = encoded.slice(index, index + size);
      const began = performance.now();
      await store$.writeEncodedBatches(store.writer, round);
      wall.push(performance.now() - began);
      for (const batch of round) batch.onWritten();
      samples += round.reduce((n, batch) => n + batch.items, 0);
    }
    const insertCpu = process.cpuUsage(cpu);
    const settle = performance.now();
    while ((await mergesRunning(store)) > 0 && performance.now() - settle < 60_000) await new Promise((done) => setTimeout(done, 100));
    const totalCpu = process.cpuUsage(cpu);
    const [parts] = await rows(store, `SELECT count() AS n FROM system.parts WHERE database = 'rounds_${size}' AND table = 'metric_samples' AND active`);
    wall.sort((a, b) => a - b);
    results.push({
      requestsPerRound: size, rounds: wall.length, samplesPerRound: samples / wall.length,
      wallMsMean: wall.reduce((a, b) => a + b, 0) / wall.length, wallMsP99: wall[Math.min(wall.length - 1, Math.floor(0.99 * wall.length))],
      insertCpuSecondsPerM: (insertCpu.user + insertCpu.system) / 1e6 / (samples / 1e6), totalCpuSecondsPerM: (totalCpu.user + totalCpu.system) / 1e6 / (samples / 1e6),
      activeParts: Number(parts.n),
    });
    await store.close();
  }
  return { results };
}

async function paced() {
  const [rwRequests, startMs, rate, seconds] = rest.slice(0, 4).map(Number);
  const gaps = rest[4].split(',').map(Number);
  const batches = decodedRemoteWrite(rwRequests, startMs);
  const store = await migrated('paced', dir);
  const results = Object.fromEntries(gaps.map((gap) => [gap, { latencies: [], cpu: 0, samples: 0, rounds: 0, seconds: 0 }]));
  let next = 0;
  // A warm-up phase (JIT, the first parts, series rows), then two passes over the gaps, in turn,
  // so the machine's other load falls on each alike.
  for (const gap of [undefined, ...gaps, ...gaps]) {
    const result = gap === undefined ? { latencies: [], cpu: 0, samples: 0, rounds: 0, seconds: 0 } : results[gap];
    const commit = new store$.GroupCommitWriter(store.writer, { roundGapMs: gap ?? 0, onRound: () => result.rounds++ });
    const cpu = process.cpuUsage();
    const began = performance.now();
    const pending = [];
    let scheduledSamples = 0;
    while (performance.now() - began < (seconds * 1000) / 2) {
      const batch = batches[next++ % batches.length];
      const scheduled = began + (scheduledSamples / rate) * 1000;
      scheduledSamples += batch.sampleCount;
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      pending.push(commit.submit(PROJECT, batch, RETENTION_DAYS).then(() => result.latencies.push(performance.now() - scheduled)));
      result.samples += batch.sampleCount;
    }
    await Promise.all(pending);
    await commit.close();
    const used = process.cpuUsage(cpu);
    result.cpu += (used.user + used.system) / 1e6;
    result.seconds += (performance.now() - began) / 1000;
  }
  await store.close();
  return Object.fromEntries(
    gaps.map((gap) => {
      const r = results[gap];
      r.latencies.sort((a, b) => a - b);
      const at = (q) => r.latencies[Math.min(r.latencies.length - 1, Math.floor(q * r.latencies.length))];
      return [gap, { p50: at(0.5), p99: at(0.99), rate: r.samples / r.seconds, cpuSecondsPerM: r.cpu / (r.samples / 1e6), samplesPerRound: r.samples / r.rounds }];
    }),
  );
}

/**
 * Table variants for round-tail, applied to a freshly migrated database. `baseline` is the
 * shipped schema; `nomerge` stops the samples table's merges (what a round costs alone).
 */
const TAIL_VARIANTS = {
  baseline: [],
  nomerge: ['SYSTEM STOP MERGES {db}.metric_samples'],
  lz4: ['ALTER TABLE {db}.metric_samples MODIFY COLUMN timestamp DateTime64(3) CODEC(DoubleDelta, LZ4), MODIFY COLUMN value Float64 CODEC(Gorilla, LZ4)'],
  nottl: ['ALTER TABLE {db}.metric_samples REMOVE TTL'],
  // ClickHouse 26 computes statistics (basic, uniq_v2) of every column at each merge by default.
  nostats: ["ALTER TABLE {db}.metric_samples MODIFY SETTING auto_statistics_types = ''"],
  basicstats: ["ALTER TABLE {db}.metric_samples MODIFY SETTING auto_statistics_types = 'basic'"],
};
const TAIL_EVENTS = ['Merge', 'MergedRows', 'MergesTimeMilliseconds', 'MergeTotalMilliseconds', 'DelayedInserts', 'DelayedInsertsMilliseconds', 'InsertedRows', 'MergeTreeDataWriterRows', 'MergeTreeDataWriterCompressedBytes'];

async function engineEvents(store) {
  const list = TAIL_EVENTS.map((name) => `'${name}'`).join(', ');
  const found = await rows(store, `SELECT event, value FROM system.events WHERE event IN (${list})`);
  return Object.fromEntries(TAIL_EVENTS.map((name) => [name, Number(found.find((row) => row.event === name)?.value ?? 0)]));
}

async function roundTail() {
  const [rwRequests, startMs, rowsPerRound, intervalMs, seconds] = rest.slice(0, 5).map(Number);
  const variants = rest[5].split(',');
  const batches = decodedRemoteWrite(rwRequests, startMs);
  // The engine's first session in the process takes its server settings; the stores share it.
  const { Session } = require('chdb');
  const anchor = new Session(resolve(dir, 'clickhouse'), { connectionArgs: ENGINE_ARGS });
  const results = { engineArgs: ENGINE_ARGS, mergeThreadNice: [] };
  // A variant may be named twice with a suffix (baseline.1, baseline.2): each its own database.
  for (const variant of variants) {
    const database = `tail_${variant.replace('.', '_')}`;
    const store = await migrated(database, dir);
    for (const sql of TAIL_VARIANTS[variant.split('.')[0]]) await store.client.command({ query: sql.replaceAll('{db}', database) });
    const encoder = new store$.MetricBatchEncoder();
    const encoded = batches.map((batch) => encoder.encode(PROJECT, batch, RETENTION_DAYS));
    // Series rows first (a warm server writes none per round), then rounds of samples only.
    await store$.writeEncodedBatches(store.writer, encoded);
    for (const batch of encoded) batch.onWritten();
    const steady = batches.map((batch) => encoder.encode(PROJECT, batch, RETENTION_DAYS));
    while ((await mergesRunning(store)) > 0) await new Promise((done) => setTimeout(done, 100));
    const events = await engineEvents(store);
    const cpu = process.cpuUsage();
    const began = performance.now();
    const wall = [];
    const late = [];
    let next = 0;
    let samples = 0;
    for (let round = 0; performance.now() - began < seconds * 1000; round++) {
      const scheduled = began + round * intervalMs;
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      const taken = [];
      let roundRows = 0;
      while (roundRows < rowsPerRound) {
        const batch = steady[next++ % steady.length];
        taken.push(batch);
        roundRows += batch.items;
      }
      const start = performance.now();
      await store$.writeEncodedBatches(store.writer, taken);
      const end = performance.now();
      wall.push(end - start);
      late.push(end - scheduled);
      samples += roundRows;
      if (round % 50 === 0) results.mergeThreadNice = [...new Set([...results.mergeThreadNice, ...threadNice(/Merge|MergeMut/i)])];
    }
    const used = process.cpuUsage(cpu);
    const elapsed = (performance.now() - began) / 1000;
    results.mergeThreadNice = [...new Set([...results.mergeThreadNice, ...threadNice(/Merge|MergeMut/i)])];
    const after = await engineEvents(store);
    const [parts] = await rows(store, `SELECT count() AS n FROM system.parts WHERE database = '${database}' AND table = 'metric_samples' AND active`);
    const stats = (list) => {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return { mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) };
    };
    results[variant] = {
      rounds: wall.length, samplesPerRound: samples / wall.length, rate: samples / elapsed,
      roundMs: stats(wall), scheduledToStoredMs: stats(late),
      cpuMsPerRound: ((used.user + used.system) / 1000) / wall.length, cpuCores: (used.user + used.system) / 1e6 / elapsed,
      engine: Object.fromEntries(TAIL_EVENTS.map((name) => [name, after[name] - events[name]])),
      activeParts: Number(parts.n),
    };
    await store.close();
  }
  anchor.cleanup?.();
  return results;
}

/** Nice values of this process' threads whose name matches (field 19 of /proc/self/task/<id>/stat). */
function threadNice(name) {
  const { readdirSync } = require('node:fs');
  const found = [];
  for (const id of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name.test(comm)) found.push(`${comm}:${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]}`);
    } catch {
      // the thread ended meanwhile
    }
  }
  return found;
}

const PART_VARIANTS = {
  nostats: "MODIFY SETTING auto_statistics_types = ''",
  plainMarks: 'MODIFY SETTING compress_marks = 0, compress_primary_key = 0',
  nosparse: 'MODIFY SETTING ratio_of_defaults_for_sparse_serialization = 1',
  nottlonly: 'MODIFY SETTING ttl_only_drop_parts = 1',
  nottl: 'REMOVE TTL',
  lz4: 'MODIFY COLUMN timestamp DateTime64(3) CODEC(DoubleDelta, LZ4), MODIFY COLUMN value Float64 CODEC(Gorilla, LZ4)',
  nocodec: 'MODIFY COLUMN timestamp DateTime64(3) CODEC(LZ4), MODIFY COLUMN value Float64 CODEC(LZ4)',
};

async function roundCost() {
  const [rwRequests, startMs, repeats] = rest.slice(0, 3).map(Number);
  const batches = decodedRemoteWrite(rwRequests, startMs);
  const store = await migrated('cost', dir);
  await store.client.command({ query: 'SYSTEM STOP MERGES cost.metric_samples' });
  await store.client.command({ query: 'CREATE TABLE cost.samples_null AS cost.metric_samples ENGINE = Null' });
  const encoder = new store$.MetricBatchEncoder();
  const warm = batches.map((batch) => encoder.encode(PROJECT, batch, RETENTION_DAYS));
  await store$.writeEncodedBatches(store.writer, warm);
  for (const batch of warm) batch.onWritten();
  const samplesOf = (count) => {
    const encoded = batches.slice(0, count).map((batch) => encoder.encode(PROJECT, batch, RETENTION_DAYS));
    const parts = encoded.flatMap((batch) => batch.tables.filter((table) => table.rows > 0 && table.schema.table === 'metric_samples').map((table) => ({ table, projectId: PROJECT, retentionDays: RETENTION_DAYS })));
    return store$.joinTables(parts);
  };
  const into = (rows, table) => ({ ...rows, schema: { ...rows.schema, table } });
  const one = samplesOf(1);
  const four = samplesOf(4);
  const session = store.writer.session; // the writer's own session (private in TS)
  const operations = {
    select1: () => session.queryBindAsync('SELECT 1', {}),
    insertOneRequest: () => store.writer.insertColumns(one),
    insertOneRequestNull: () => store.writer.insertColumns(into(one, 'samples_null')),
    insertFourRequests: () => store.writer.insertColumns(four),
    insertFourRequestsNull: () => store.writer.insertColumns(into(four, 'samples_null')),
  };
  // Copies of metric_samples with one thing changed (a setting, the TTL, the codecs), to find what
  // a part costs to write.
  for (const [name, alteration] of Object.entries(PART_VARIANTS)) {
    await store.client.command({ query: `CREATE TABLE cost.samples_${name} AS cost.metric_samples` });
    await store.client.command({ query: `ALTER TABLE cost.samples_${name} ${alteration}` });
    await store.client.command({ query: `SYSTEM STOP MERGES cost.samples_${name}` });
    operations[`insertOneRequest_${name}`] = () => store.writer.insertColumns(into(one, `samples_${name}`));
  }
  // Session settings of the writer's session, phases in turn (A B A B): ClickHouse's defaults, and
  // without the per-query profiler timers (each query thread arms two timers, 1 s periods).
  const phases = {
    defaults: 'SET query_profiler_real_time_period_ns = 1000000000, query_profiler_cpu_time_period_ns = 1000000000',
    noProfiler: 'SET query_profiler_real_time_period_ns = 0, query_profiler_cpu_time_period_ns = 0',
  };
  const totals = {};
  for (const phase of [...Object.keys(phases), ...Object.keys(phases)]) {
    await session.queryBindAsync(phases[phase], {});
    for (let pass = 0; pass < repeats + 5; pass++) {
      for (const [name, run] of Object.entries(operations)) {
        const cpu = process.cpuUsage();
        const began = performance.now();
        await run();
        const wall = performance.now() - began;
        const used = process.cpuUsage(cpu);
        if (pass < 5) continue; // warm-up
        const total = (totals[`${phase}.${name}`] ??= { wall: 0, cpu: 0, n: 0 });
        total.wall += wall;
        total.cpu += (used.user + used.system) / 1000;
        total.n++;
      }
    }
  }
  await store.close();
  return { rowsOneRequest: one.rows, rowsFourRequests: four.rows, perOperation: Object.fromEntries(Object.entries(totals).map(([name, t]) => [name, { wallMs: +(t.wall / t.n).toFixed(2), cpuMs: +(t.cpu / t.n).toFixed(2) }])) };
}

const result = task === 'round-cost' ? await roundCost() : task === 'round-tail' ? await roundTail() : task === 'paced' ? await paced() : task === 'round-sizes' ? await roundSizes() : task === 'count' ? await count() : task === 'engine' ? await engine() : undefined;
if (!result) throw new Error(`unknown task ${task}`);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
