// Child-process tasks on embedded chDB (one engine per process, so never in the runner itself):
//   node chdb-tasks.mjs count <vigilDataDir>         counts what Vigil stored, per scenario
//   node chdb-tasks.mjs engine <workDir> <rwRequests> <logRequests> <startMs>
//                                                    the engine's limit: the same rows, pre-built
//                                                    TabSeparated batches, rawInsert only timed
// Prints one JSON line (prefixed RESULT ) on stdout.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { buildOtlpLogs, buildRemoteWrite, ROOT } from './payloads.mjs';

const require = createRequire(resolve(ROOT, 'package.json'));
const DIST = resolve(ROOT, 'dist/server/libs');
const store$ = require(`${DIST}/telemetry-store/src`);
const ingest$ = require(`${DIST}/ingest/src`);
const PROJECT = '00000000-0000-4000-8000-0000000000be';
const RETENTION_DAYS = 30;
const MAX_ROWS = 1_000_000; // GroupCommitWriter's maxBatchRows
const MAX_BYTES = 64 * 2 ** 20; // and maxBatchBytes

const [task, dir, ...rest] = process.argv.slice(2);
const peakRss = () => Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;

async function rows(store, query) {
  return (await store.client.query({ query, format: 'JSONEachRow' })).json();
}

async function count() {
  const store = await store$.createTelemetryStore({ database: 'vigil', dataDir: dir });
  const metrics = await rows(store, `SELECT multiIf(startsWith(metric_name, 'otlppb_'), 'otlp-metrics-pb', startsWith(metric_name, 'otlpjson_'), 'otlp-metrics-json', 'remote_write') AS k, count() AS n FROM vigil.metric_samples GROUP BY k`);
  const logs = await rows(store, `SELECT multiIf(startsWith(service, 'otlppb-'), 'otlp-logs-pb', startsWith(service, 'otlpjson-'), 'otlp-logs-json', startsWith(service, 'ndjson-'), 'vigil-ndjson', 'other') AS k, count() AS n FROM vigil.logs GROUP BY k`);
  await store.close();
  return Object.fromEntries([...metrics, ...logs].map(({ k, n }) => [k, Number(n)]));
}

/** Joins encoded batches into rounds (one Buffer per table) under Vigil's group-commit caps. */
function rounds(encoded) {
  const out = [];
  let current;
  for (const batch of encoded) {
    if (!current || current.rows + batch.rows > MAX_ROWS || current.bytes + batch.bytes > MAX_BYTES) out.push((current = { rows: 0, bytes: 0, items: 0, tables: new Map() }));
    current.rows += batch.rows;
    current.bytes += batch.bytes;
    current.items += batch.items;
    for (const table of batch.tables) {
      if (table.payload.length === 0) continue;
      const entry = current.tables.get(table.table) ?? { columns: table.columns, payloads: [] };
      entry.payloads.push(table.payload);
      current.tables.set(table.table, entry);
    }
  }
  return out.map((round) => ({ items: round.items, tables: [...round.tables].map(([table, { columns, payloads }]) => ({ table, columns, payload: Buffer.from(payloads.join(''), 'utf8') })) }));
}

async function insertAll(store, prepared) {
  const cpu = process.cpuUsage();
  const began = performance.now();
  let items = 0;
  for (const round of prepared) {
    for (const { table, columns, payload } of round.tables) await store.writer.insertTabSeparated(table, columns, payload);
    items += round.items;
  }
  const seconds = (performance.now() - began) / 1000;
  const used = process.cpuUsage(cpu);
  return { items, seconds, rate: items / seconds, cpuSeconds: (used.user + used.system) / 1e6, inserts: prepared.reduce((n, r) => n + r.tables.length, 0) };
}

async function engine() {
  const [rwRequests, logRequests, startMs] = rest.map(Number);
  const store = await store$.createTelemetryStore({ database: 'vigil', dataDir: dir });
  await store$.migrateTelemetryStore(store);
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
  const metricRounds = rounds(encoded);
  const metrics = { ...(await insertAll(store, metricRounds)), decodeUsPerSample: (decodeMs * 1000) / samples, encodeUsPerSample: (encodeMs * 1000) / samples };

  // Logs: the OTLP protobuf log bodies, decoded and encoded by Vigil's own code.
  const logBodies = buildOtlpLogs({ requests: logRequests, startMs, format: 'protobuf', servicePrefix: 'otlppb' });
  began = performance.now();
  const logBatches = logBodies.map(({ body }) => ingest$.decodeOtlpLogs(body, 'protobuf', limits, now));
  const logDecodeMs = performance.now() - began;
  began = performance.now();
  const logEncoded = logBatches.map((batch) => store$.encodeLogBatch(PROJECT, batch, RETENTION_DAYS));
  const logEncodeMs = performance.now() - began;
  const records = logEncoded.reduce((n, e) => n + e.items, 0);
  const logs = { ...(await insertAll(store, rounds(logEncoded))), decodeUsPerRecord: (logDecodeMs * 1000) / records, encodeUsPerRecord: (logEncodeMs * 1000) / records };

  const stored = await rows(store, `SELECT (SELECT count() FROM vigil.metric_samples) AS samples, (SELECT count() FROM vigil.logs) AS logs`);
  await store.close();
  return { metrics, logs, stored: { samples: Number(stored[0].samples), logs: Number(stored[0].logs) }, peakRss: peakRss() };
}

const result = task === 'count' ? await count() : task === 'engine' ? await engine() : undefined;
if (!result) throw new Error(`unknown task ${task}`);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
