// Where a metric read's time goes, on bench/query's data set (Vigil stopped: chDB allows one
// process per directory). Run after `node bench/query/run.mjs` has loaded its data:
//   node libs/telemetry-store/bench/run.mjs libs/telemetry-store/bench/metric-reads.profile.ts <vigilDataDir> [rounds] [--sql]
// For bench/query's 24 h range, golden signals and 30 d rate it times the whole store call, then every
// engine query it made (traced on the client) again alone, split into the engine's own time
// (chDB's `elapsed`), the binding (the rest of queryBindAsync: result copied into a Buffer) and
// the client (text decoding, JSON parsing); what is left of the store call is Node-side shaping.
// First, the CPU of each read's first calls in the fresh process (firstCalls: the JIT's call).
import type { ClickHouseSettings } from '@clickhouse/client';
import { Session } from 'chdb';
import { join } from 'node:path';
import { createTelemetryStore, MetricQueryRepository, ServiceSignalsRepository, type TelemetryStore } from '../src';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GAUGE = 'container_memory_working_set_bytes';
const HISTOGRAM = 'http_server_request_duration_seconds';
const ENGINE_SERIES = `SELECT DISTINCT fingerprint FROM vigil.metric_series WHERE project_id = {project:UUID} AND metric_name = {metric:String} AND labels[{label:String}] = {value:String}`;
const ENGINE_LE = `SELECT fingerprint, any(labels['le']) FROM vigil.metric_series WHERE project_id = {project:UUID} AND metric_name = {metric:String} AND labels['service'] = {service:String} GROUP BY fingerprint`;
const ENGINE_5XX = `SELECT fingerprint, toUInt8(any(labels['http_response_status_code']) LIKE '5%') FROM vigil.metric_series WHERE project_id = {project:UUID} AND metric_name = {metric:String} AND labels['service'] = {service:String} GROUP BY fingerprint`;
const ENGINE_RANGE = `SELECT fingerprint, arraySort(groupArray(t)) AS ts, arraySort((x, k) -> k, groupArray(v), groupArray(t)) AS vs FROM (
  SELECT fingerprint, intDiv(toUnixTimestamp64Milli(timestamp), {step:Int64}) * {step:Int64} AS t, avg(value) AS v FROM vigil.metric_samples
  WHERE project_id = {project:UUID} AND metric_name = {metric:String} AND fingerprint IN {fps:Array(UInt64)}
    AND timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND timestamp <= fromUnixTimestamp64Milli({to:Int64}) AND NOT isNaN(value)
  GROUP BY fingerprint, t) GROUP BY fingerprint`;
const COUNTER = 'container_cpu_usage_seconds_total';
// The engine column's best 30 d form ("rollup, arrays: sum by service of increases", bench/query/metrics-sql-baseline.mjs).
const ENGINE_RATE = `SELECT service, t, sum(v) AS v FROM (
  SELECT fingerprint, t, v FROM (
    SELECT fingerprint, bs, arrayMap((inc, f, prevLast, i) -> inc + if(i = 1, 0, if(f >= prevLast, f - prevLast, f)), incs, fs, arrayPushFront(arrayPopBack(ls), 0), arrayEnumerate(bs)) AS vs FROM (
      SELECT fingerprint, arraySort(groupArray(b)) AS bs, arraySort((x, k) -> k, groupArray(b_first), groupArray(b)) AS fs,
             arraySort((x, k) -> k, groupArray(b_last), groupArray(b)) AS ls, arraySort((x, k) -> k, groupArray(b_increase), groupArray(b)) AS incs FROM (
        SELECT fingerprint, toInt64(toUnixTimestamp(bucket)) * 1000 AS b, argMinMerge(first_value) AS b_first, argMaxMerge(last_value) AS b_last, deltaSumTimestampMerge(increase) AS b_increase
        FROM vigil.metric_rollup_hourly
        WHERE project_id = {project:UUID} AND metric_name = {metric:String}
          AND bucket >= toDateTime(intDiv({lookback:Int64}, 1000)) AND bucket <= toDateTime(intDiv({to:Int64}, 1000))
        GROUP BY fingerprint, b)
      GROUP BY fingerprint))
  ARRAY JOIN bs AS t, vs AS v WHERE t >= {from:Int64}) AS s
INNER JOIN (SELECT fingerprint, any(labels['service']) AS service FROM vigil.metric_series WHERE project_id = {project:UUID} AND metric_name = {metric:String} GROUP BY fingerprint) AS m USING fingerprint
GROUP BY service, t`;
const ENGINE_BUCKETS = `SELECT transform(fingerprint, {fps:Array(UInt64)}, {groups:Array(UInt32)}, toUInt32(0)) AS g, t, sum(v) FROM (
  SELECT fingerprint, b AS t, b_increase + if(prev IS NULL, 0, if(b_first >= assumeNotNull(prev), b_first - assumeNotNull(prev), b_first)) AS v FROM (
    SELECT fingerprint, b, b_first, b_increase, lagInFrame(toNullable(b_last)) OVER (PARTITION BY fingerprint ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev FROM (
      SELECT fingerprint, toInt64(toUnixTimestamp(bucket)) * 1000 AS b, argMinMerge(first_value) AS b_first, argMaxMerge(last_value) AS b_last, deltaSumTimestampMerge(increase) AS b_increase
      FROM vigil.metric_rollup_hourly
      WHERE project_id = {project:UUID} AND metric_name = {metric:String} AND fingerprint IN {fps:Array(UInt64)}
        AND bucket >= toDateTime(intDiv({lookback:Int64}, 1000)) AND bucket <= toDateTime(intDiv({to:Int64}, 1000))
      GROUP BY fingerprint, b))
  WHERE b >= {from:Int64}) GROUP BY g, t`;

interface Traced {
  query: string;
  params: Record<string, unknown>;
  format: string;
  settings: ClickHouseSettings;
}

/** `--sql`: print each traced query with its parameters. */
const SHOW_SQL = process.argv.includes('--sql');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (ms: number): string => ms.toFixed(1).padStart(7);

/** Records the queries the store's client runs (the repositories' engine calls). */
function trace(store: TelemetryStore): Traced[] {
  const seen: Traced[] = [];
  const query = store.client.query.bind(store.client);
  store.client.query = ((params: Parameters<typeof query>[0]) => {
    seen.push({ query: params.query, params: params.query_params ?? {}, format: params.format ?? 'JSON', settings: params.clickhouse_settings ?? {} });
    return query(params);
  }) as typeof query;
  // Range answers come through exec (query-rows.ts queryJsonRowBytes): the statement ends in its FORMAT.
  const exec = store.client.exec.bind(store.client);
  store.client.exec = ((params: Parameters<typeof exec>[0]) => {
    const [, statement = params.query, format = 'TabSeparated'] = /^([\s\S]*)\nFORMAT (\w+)$/.exec(params.query) ?? [];
    seen.push({ query: statement, params: params.query_params ?? {}, format, settings: params.clickhouse_settings ?? {} });
    return exec(params);
  }) as typeof exec;
  return seen;
}

/** Median wall time, and median CPU time of the process (Node and chDB's threads: less sensitive to a busy machine). */
async function timed(rounds: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const began = performance.now();
    const cpu0 = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpu0);
    times.push(performance.now() - began);
    cpu.push((used.user + used.system) / 1000);
  }
  lastCpu = median(cpu);
  return median(times);
}
let lastCpu = 0;

/** One traced query alone: through the client (as the repositories read it) and on a bare session. */
async function split(store: TelemetryStore, session: Session, q: Traced, rounds: number): Promise<void> {
  const client = await timed(rounds, async () => {
    const result = await store.client.query({ query: q.query, query_params: q.params, format: q.format as 'JSONCompactEachRow', clickhouse_settings: q.settings });
    return q.format.startsWith('JSON') ? result.json() : result.text();
  });
  const clientCpu = lastCpu;
  // The session gets the same statements: the client's default settings and the query's own as SET.
  const sets = Object.entries({ output_format_json_quote_64bit_integers: 1, output_format_json_quote_denormals: 1, ...q.settings }).map(([k, v]) => `SET ${k} = ${v}; `);
  const elapsed: number[] = [];
  let bytes = 0;
  let rowsRead = 0;
  const binding = await timed(rounds, async () => {
    const result = await session.queryBindAsync(`${sets.join('')}${q.query}`, q.params, { format: q.format });
    elapsed.push(result.elapsed * 1000);
    bytes = result.bytes().length;
    rowsRead = result.rowsRead;
  });
  const engine = median(elapsed);
  console.log(
    `    ${fmt(client)} ms (cpu ${fmt(clientCpu)}) through the client = engine ${fmt(engine)} + binding ${fmt(binding - engine)} + client ${fmt(client - binding)} (cpu ${fmt(clientCpu - lastCpu)}); ` +
      `${rowsRead.toLocaleString('en')} rows read, ${(bytes / 1024).toFixed(0)} KiB ${q.format}  ${q.query.replace(/\s+/g, ' ').trim().slice(0, 70)}`,
  );
}

async function profile(store: TelemetryStore, session: Session, label: string, rounds: number, run: () => Promise<unknown>): Promise<void> {
  const seen = trace(store);
  const total = await timed(rounds, run);
  const perRun = seen.slice(0, seen.length / (rounds + 1));
  if (SHOW_SQL) for (const q of perRun) console.log(`--- ${JSON.stringify(q.params, (_, v: unknown) => (typeof v === "bigint" ? `${v}` : v)).slice(0, 400)}\n${q.query}`);
  console.log(`${label}: ${fmt(total)} ms (cpu ${fmt(lastCpu)}) the store call (median of ${rounds}), ${perRun.length} engine queries:`);
  for (const q of perRun) await split(store, session, q, rounds);
}

/**
 * The store call against the engine column's whole form (series lookup, then the data, output
 * as text not parsed: bench/query/metrics-sql-baseline.mjs), in one process and alternating, so
 * a busy machine weighs on both alike. Wall p50 / p95 and CPU p50, ms.
 */
async function compare(label: string, rounds: number, vigil: () => Promise<unknown>, engine: () => Promise<unknown>): Promise<void> {
  const wall = { vigil: [] as number[], engine: [] as number[] };
  const cpu = { vigil: [] as number[], engine: [] as number[] };
  await vigil();
  await engine();
  for (let i = 0; i < rounds; i++) {
    for (const [key, run] of [['vigil', vigil], ['engine', engine]] as const) {
      const began = performance.now();
      const cpu0 = process.cpuUsage();
      await run();
      const used = process.cpuUsage(cpu0);
      wall[key].push(performance.now() - began);
      cpu[key].push((used.user + used.system) / 1000);
    }
  }
  const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] ?? NaN;
  const line = (key: 'vigil' | 'engine'): string => `wall p50 ${fmt(median(wall[key]))} p95 ${fmt(p95(wall[key]))}, cpu p50 ${fmt(median(cpu[key]))}`;
  console.log(`${label}, ${rounds} alternating rounds:\n  store call   ${line('vigil')}\n  engine form  ${line('engine')}\n  ratio        wall p95 ${(p95(wall.vigil) / p95(wall.engine)).toFixed(2)}×, cpu p50 ${(median(cpu.vigil) / median(cpu.engine)).toFixed(2)}×`);
}

/**
 * CPU of each of the first calls of every read in this fresh process, before anything else ran
 * them: ClickHouse compiles an expression, aggregate or sort the 3rd time it sees it
 * (min_count_to_compile_expression and its kin, 3 in chDB 3.4), so one early call pays for the
 * compiling. A benchmark that warms a read up fewer times than its baseline times that call.
 */
async function firstCalls(reads: [string, () => Promise<unknown>][]): Promise<void> {
  console.log('First calls in this process, CPU ms each:');
  for (const [label, run] of reads) {
    const cpu: number[] = [];
    for (let i = 0; i < 8; i++) {
      const cpu0 = process.cpuUsage();
      await run();
      const used = process.cpuUsage(cpu0);
      cpu.push((used.user + used.system) / 1000);
    }
    console.log(`  ${label.padEnd(16)} ${cpu.map((ms) => ms.toFixed(0).padStart(5)).join('')}`);
  }
}

const text = async (store: TelemetryStore, query: string, params: Record<string, unknown>): Promise<string> => (await store.client.query({ query, format: 'TabSeparated', query_params: params })).text();

async function main(): Promise<void> {
  const [dir, roundsArg] = process.argv.slice(2).filter((arg) => arg !== '--sql');
  if (!dir) throw new Error('usage: metric-reads.profile.ts <vigilDataDir> [rounds]');
  const rounds = Number(roundsArg ?? 10);
  const store = await createTelemetryStore({ database: 'vigil', dataDir: dir });
  // A second session on the same path shares the engine the store opened.
  const session = new Session(join(dir, 'clickhouse'));
  try {
    const found = (await (await store.client.query({ query: `SELECT toString(project_id), toUnixTimestamp(max(bucket)) FROM vigil.metric_rollup_hourly WHERE metric_name = '${GAUGE}' GROUP BY project_id`, format: 'JSONCompactEachRow' })).json()) as [string, string][];
    const [project, lastHour] = found[0] ?? [];
    if (!project) throw new Error('no bench/query data in this directory');
    const end = (Number(lastHour) + 3600) * 1000;
    const queries = new MetricQueryRepository(store);
    const signals = new ServiceSignalsRepository(store);
    // bench/query's 30 d rate: the data set's whole 30 days (the rollup's first hour on).
    const [[firstHour]] = (await (await store.client.query({ query: `SELECT toUnixTimestamp(min(bucket)) FROM vigil.metric_rollup_hourly WHERE metric_name = '${COUNTER}'`, format: 'JSONCompactEachRow' })).json()) as [[string]];
    const rateRange = { from: Number(firstHour) * 1000, to: end };
    const rate30d = async (): Promise<unknown> => queries.queryJson(project, { name: COUNTER, matchers: [], ...rateRange, step: HOUR, fn: 'rate', over: 'avg', agg: 'sum', by: ['service'] });
    await firstCalls([
      ['24 h range', async () => queries.queryJson(project, { name: GAUGE, matchers: [{ label: 'zone', op: '=', value: 'eu-1a' }], from: end - DAY, to: end, step: MINUTE, fn: 'raw', over: 'avg', agg: 'none', by: [] })],
      ['30 d rate', rate30d],
      ['golden signals', async () => signals.serviceSignals(project, 'checkout', { from: end - 7 * DAY, to: end, step: HOUR })],
    ]);
    await profile(store, session, '24 h range, 100 series, 1 m step (queryJson)', rounds, async () =>
      (await queries.queryJson(project, { name: GAUGE, matchers: [{ label: 'zone', op: '=', value: 'eu-1a' }], from: end - DAY, to: end, step: MINUTE, fn: 'raw', over: 'avg', agg: 'none', by: [] })).series.length,
    );
    // The engine column's data queries (bench/query/metrics-sql-baseline.mjs), for comparison.
    const gauge = await queries.findSeries(project, GAUGE, [{ label: 'zone', op: '=', value: 'eu-1a' }]);
    console.log('  engine column, 24 h data query (series first, groupArray per series):');
    await split(store, session, { query: ENGINE_RANGE, params: { project, metric: GAUGE, fps: gauge.map((s) => BigInt(s.fingerprint)), from: end - DAY, to: end, step: MINUTE }, format: 'TabSeparated', settings: {} }, rounds);
    const buckets = await queries.findSeries(project, `${HISTOGRAM}_bucket`, [{ label: 'service', op: '=', value: 'checkout' }]);
    const les = [...new Set(buckets.map((s) => s.labels['le']))];
    console.log('  engine column, golden signals buckets query (series first, rollup only):');
    await split(
      store,
      session,
      {
        query: ENGINE_BUCKETS,
        params: { project, metric: `${HISTOGRAM}_bucket`, fps: buckets.map((s) => BigInt(s.fingerprint)), groups: buckets.map((s) => les.indexOf(s.labels['le'])), from: end - 7 * DAY, to: end, lookback: end - 7 * DAY - HOUR },
        format: 'TabSeparated',
        settings: {},
      },
      rounds,
    );
    await profile(store, session, 'golden signals, 1 service, 7 d (serviceSignals)', rounds, async () => (await signals.serviceSignals(project, 'checkout', { from: end - 7 * DAY, to: end, step: HOUR })).throughput.length);

    await profile(store, session, '30 d rate, sum by service, 1 h step (queryJson)', rounds, rate30d);
    const rateParams = { project, metric: COUNTER, ...rateRange, lookback: rateRange.from - HOUR };
    console.log('  engine column, 30 d rate (rollup, arrays, joined with the series):');
    await split(store, session, { query: ENGINE_RATE, params: rateParams, format: 'TabSeparated', settings: {} }, rounds);
    await compare('\n30 d rate', rounds * 3, rate30d, async () => text(store, ENGINE_RATE, rateParams));

    const range = { project, metric: GAUGE, from: end - DAY, to: end, step: MINUTE };
    await compare(
      '\n24 h range',
      rounds * 3,
      async () => queries.queryJson(project, { name: GAUGE, matchers: [{ label: 'zone', op: '=', value: 'eu-1a' }], from: end - DAY, to: end, step: MINUTE, fn: 'raw', over: 'avg', agg: 'none', by: [] }),
      async () => {
        const fps = (await text(store, ENGINE_SERIES, { ...range, label: 'zone', value: 'eu-1a' })).split('\n').filter(Boolean).map((line) => BigInt(line));
        return text(store, ENGINE_RANGE, { ...range, fps });
      },
    );
    const golden = { project, from: end - 7 * DAY, to: end, lookback: end - 7 * DAY - HOUR, service: 'checkout' };
    const grouped = async (lookup: string, metric: string): Promise<string> => {
      const rows = (await text(store, lookup, { ...golden, metric })).split('\n').filter(Boolean).map((line) => line.split('\t'));
      const keys = [...new Set(rows.map(([, key]) => key))];
      return text(store, ENGINE_BUCKETS, { ...golden, metric, fps: rows.map(([fp]) => BigInt(fp as string)), groups: rows.map(([, key]) => keys.indexOf(key)) });
    };
    await compare(
      'golden signals',
      rounds * 3,
      async () => signals.serviceSignals(project, 'checkout', { from: end - 7 * DAY, to: end, step: HOUR }),
      async () => Promise.all([grouped(ENGINE_LE, `${HISTOGRAM}_bucket`), grouped(ENGINE_5XX, `${HISTOGRAM}_count`)]),
    );
  } finally {
    session.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
