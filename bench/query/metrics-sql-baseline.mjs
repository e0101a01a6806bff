// Child process: the engine's limit for the metric queries. Opens the chDB directory Vigil wrote
// (Vigil stopped: chDB allows one process per directory) and runs hand-written SQL that computes
// the same answers as Vigil's API, in-process: no HTTP, no JSON, the output received as text and
// not parsed while timed. If this is slower than VictoriaMetrics over HTTP, no API on this engine
// can be as fast.
//   node metrics-sql-baseline.mjs <specJson>
// spec: { dir, projectId, runs, warmups, out, range24h, range30d, golden } (see run.mjs `metricSqlSpec`).
// Writes the result to spec.out and prints RESULT {"file": spec.out} on stdout.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile } from '../lib/http.mjs';
import { ROOT } from '../lib/processes.mjs';
import { FORM_TRIAL } from './workload.mjs';

const require = createRequire(resolve(ROOT, 'package.json'));
const store$ = require(resolve(ROOT, 'dist/server/libs/telemetry-store/src'));

const spec = JSON.parse(process.argv[2]);
const HOUR_MS = 3_600_000;

const ms = (name) => `fromUnixTimestamp64Milli({${name}:Int64})`;
const SERIES = 'vigil.metric_series';
const SAMPLES = 'vigil.metric_samples';
const ROLLUP = 'vigil.metric_rollup_hourly';

/** Fingerprints of one metric's series (optionally one label = value), as a subquery. */
const fingerprints = (metric, label) =>
  `SELECT fingerprint FROM ${SERIES} WHERE project_id = {project:UUID} AND metric_name = ${metric}${label ? ` AND labels[${label[0]}] = ${label[1]}` : ''}`;

/**
 * Per series and hour, the increase including the step from the previous hour's last sample
 * (reset-aware), from raw samples: each sample's delta from the one before it.
 */
const rawIncreases = (metric, where = '') => `
  SELECT fingerprint, intDiv(toUnixTimestamp64Milli(timestamp), ${HOUR_MS}) * ${HOUR_MS} AS t, sum(if(value >= assumeNotNull(prev), value - assumeNotNull(prev), value)) AS v
  FROM (
    SELECT fingerprint, timestamp, value, lagInFrame(toNullable(value)) OVER (PARTITION BY fingerprint ORDER BY timestamp ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev
    FROM ${SAMPLES}
    WHERE project_id = {project:UUID} AND metric_name = ${metric} ${where}
      AND timestamp >= ${ms('lookback')} AND timestamp <= ${ms('to')} AND NOT isNaN(value)
  )
  WHERE prev IS NOT NULL AND timestamp >= ${ms('from')}
  GROUP BY fingerprint, t`;

/** Per series and hour in the range (from the lookback on), the rollup's merged first, last and in-hour increase. */
const hourlyStates = (metric, where) => `
  SELECT fingerprint, toInt64(toUnixTimestamp(bucket)) * 1000 AS b, argMinMerge(first_value) AS b_first, argMaxMerge(last_value) AS b_last, deltaSumTimestampMerge(increase) AS b_increase
  FROM ${ROLLUP}
  WHERE project_id = {project:UUID} AND metric_name = ${metric} ${where}
    AND bucket >= toDateTime(intDiv({lookback:Int64}, 1000)) AND bucket <= toDateTime(intDiv({to:Int64}, 1000))
  GROUP BY fingerprint, b`;

/** The same from the hourly rollup: in-hour increase plus the boundary from the previous hour's last value. */
const rollupIncreases = (metric, where = '') => `
  SELECT fingerprint, b AS t, b_increase + if(prev IS NULL, 0, if(b_first >= assumeNotNull(prev), b_first - assumeNotNull(prev), b_first)) AS v
  FROM (
    SELECT fingerprint, b, b_first, b_increase, lagInFrame(toNullable(b_last)) OVER (PARTITION BY fingerprint ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev
    FROM (${hourlyStates(metric, where)})
  )
  WHERE b >= {from:Int64}`;

/**
 * The same again with arrays instead of a window function: per series, its hours sorted, the
 * boundary taken from the previous array element.
 */
const rollupIncreasesArrays = (metric, where = '') => `
  SELECT fingerprint, t, v FROM (
    SELECT fingerprint, bs, arrayMap((inc, f, prevLast, i) -> inc + if(i = 1, 0, if(f >= prevLast, f - prevLast, f)), incs, fs, arrayPushFront(arrayPopBack(ls), 0), arrayEnumerate(bs)) AS vs
    FROM (
      SELECT fingerprint, arraySort(groupArray(b)) AS bs, arraySort((x, k) -> k, groupArray(b_first), groupArray(b)) AS fs,
             arraySort((x, k) -> k, groupArray(b_last), groupArray(b)) AS ls, arraySort((x, k) -> k, groupArray(b_increase), groupArray(b)) AS incs
      FROM (${hourlyStates(metric, where)})
      GROUP BY fingerprint
    )
  ) ARRAY JOIN bs AS t, vs AS v
  WHERE t >= {from:Int64}`;

const INCREASES = { raw: rawIncreases, rollup: rollupIncreases, 'rollup, arrays': rollupIncreasesArrays };

/** Series lookup first (fingerprint → group), then the data by literal fingerprints: Vigil's own plan. */
const byGroup = () => `transform(fingerprint, {fps:Array(UInt64)}, {groups:Array(UInt32)}, toUInt32(0))`;
const inFingerprints = 'AND fingerprint IN {fps:Array(UInt64)}';

/** Rows "fingerprint \t key" → fps and group indexes, plus the keys by index. */
function groupsOf(text) {
  const fps = [];
  const groups = [];
  const keys = [];
  const index = new Map();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [fp, key = ''] = line.split('\t');
    if (!index.has(key)) index.set(key, keys.push(key) - 1);
    fps.push(BigInt(fp));
    groups.push(index.get(key));
  }
  return { fps, groups, keys };
}

/** Replaces group indexes (first column) with their keys, so answers read like the one-query forms. */
const named = (text, keys) => text.split('\n').map((line) => (line ? line.replace(/^\d+/, (g) => keys[Number(g)]) : line)).join('\n');

/** Candidate SQL per query: each a list of statements run concurrently (as VictoriaMetrics gets its 5). */
const QUERIES = {
  range24h: {
    params: spec.range24h,
    candidates: {
      'GROUP BY series, step; groupArray per series': [
        `SELECT fingerprint, arraySort(groupArray(t)) AS ts, arraySort((x, k) -> k, groupArray(v), groupArray(t)) AS vs FROM (
           SELECT fingerprint, intDiv(toUnixTimestamp64Milli(timestamp), {step:Int64}) * {step:Int64} AS t, avg(value) AS v
           FROM ${SAMPLES}
           WHERE project_id = {project:UUID} AND metric_name = {metric:String} AND fingerprint IN (${fingerprints('{metric:String}', ['{label:String}', '{value:String}'])})
             AND timestamp >= ${ms('from')} AND timestamp <= ${ms('to')} AND NOT isNaN(value)
           GROUP BY fingerprint, t)
         GROUP BY fingerprint`,
      ],
      'series first, then GROUP BY series, step; groupArray per series': {
        lookup: `SELECT DISTINCT fingerprint FROM ${SERIES} WHERE project_id = {project:UUID} AND metric_name = {metric:String} AND labels[{label:String}] = {value:String}`,
        data: [
          `SELECT fingerprint, arraySort(groupArray(t)) AS ts, arraySort((x, k) -> k, groupArray(v), groupArray(t)) AS vs FROM (
             SELECT fingerprint, intDiv(toUnixTimestamp64Milli(timestamp), {step:Int64}) * {step:Int64} AS t, avg(value) AS v
             FROM ${SAMPLES}
             WHERE project_id = {project:UUID} AND metric_name = {metric:String} ${inFingerprints}
               AND timestamp >= ${ms('from')} AND timestamp <= ${ms('to')} AND NOT isNaN(value)
             GROUP BY fingerprint, t)
           GROUP BY fingerprint`,
        ],
      },
      'GROUP BY series, step; a row per point': [
        `SELECT fingerprint, intDiv(toUnixTimestamp64Milli(timestamp), {step:Int64}) * {step:Int64} AS t, avg(value) AS v
         FROM ${SAMPLES}
         WHERE project_id = {project:UUID} AND metric_name = {metric:String} AND fingerprint IN (${fingerprints('{metric:String}', ['{label:String}', '{value:String}'])})
           AND timestamp >= ${ms('from')} AND timestamp <= ${ms('to')} AND NOT isNaN(value)
         GROUP BY fingerprint, t`,
      ],
    },
    /** Per series (any order): its points; compared as sorted per-series sums. */
    answer: ([text], form) => {
      const sums = new Map();
      let points = 0;
      for (const line of text.split('\n')) {
        if (!line) continue;
        const [fp, a, b] = line.split('\t');
        const values = form.endsWith('per series') ? JSON.parse(b) : [Number(b)];
        points += form.endsWith('per series') ? JSON.parse(a).length : 1;
        sums.set(fp, (sums.get(fp) ?? 0) + values.reduce((x, y) => x + y, 0));
      }
      return { series: sums.size, points, sums: [...sums.values()].sort((x, y) => x - y) };
    },
  },
  range30d: {
    params: spec.range30d,
    candidates: Object.fromEntries(
      Object.entries(INCREASES).map(([name, increases]) => [
        `${name}: sum by service of increases`,
        [
          `SELECT service, t, sum(v) AS v FROM (${increases('{metric:String}')}) AS s
           INNER JOIN (SELECT fingerprint, any(labels['service']) AS service FROM ${SERIES} WHERE project_id = {project:UUID} AND metric_name = {metric:String} GROUP BY fingerprint) AS m USING fingerprint
           GROUP BY service, t`,
        ],
      ]).concat(
        Object.entries(INCREASES).map(([name, increases]) => [
          `series first, then ${name}: sum by service of increases`,
          {
            grouped: true,
            lookup: `SELECT fingerprint, any(labels['service']) FROM ${SERIES} WHERE project_id = {project:UUID} AND metric_name = {metric:String} GROUP BY fingerprint`,
            data: [`SELECT ${byGroup()} AS g, t, sum(v) AS v FROM (${increases('{metric:String}', inFingerprints)}) GROUP BY g, t`],
          },
        ]),
      ),
    ),
    /** service → t → increase per second. */
    answer: ([text]) => {
      const out = {};
      for (const line of text.split('\n')) {
        if (!line) continue;
        const [service, t, v] = line.split('\t');
        (out[service] ??= {})[t] = Number(v) / (HOUR_MS / 1000);
      }
      return out;
    },
  },
  golden: {
    params: spec.golden,
    candidates: Object.fromEntries(
      Object.entries(INCREASES).map(([name, increases]) => {
        const ofService = (metric) => `AND fingerprint IN (${fingerprints(metric, ["'service'", '{service:String}'])})`;
        return [
          `${name}: buckets by le, requests by 5xx, concurrently`,
          [
            `SELECT le, t, sum(v) FROM (${increases('{buckets:String}', ofService('{buckets:String}'))}) AS s
             INNER JOIN (SELECT fingerprint, any(labels['le']) AS le FROM ${SERIES} WHERE project_id = {project:UUID} AND metric_name = {buckets:String} AND labels['service'] = {service:String} GROUP BY fingerprint) AS m USING fingerprint
             GROUP BY le, t`,
            `SELECT error, t, sum(v) FROM (${increases('{requests:String}', ofService('{requests:String}'))}) AS s
             INNER JOIN (SELECT fingerprint, any(labels['http_response_status_code']) LIKE '5%' AS error FROM ${SERIES} WHERE project_id = {project:UUID} AND metric_name = {requests:String} AND labels['service'] = {service:String} GROUP BY fingerprint) AS m USING fingerprint
             GROUP BY error, t`,
          ],
        ];
      }).concat(
        Object.entries(INCREASES).map(([name, increases]) => [
          `series first, then ${name}: buckets by le, requests by 5xx, concurrently`,
          {
            grouped: true,
            lookups: [
              `SELECT fingerprint, any(labels['le']) FROM ${SERIES} WHERE project_id = {project:UUID} AND metric_name = {buckets:String} AND labels['service'] = {service:String} GROUP BY fingerprint`,
              `SELECT fingerprint, toUInt8(any(labels['http_response_status_code']) LIKE '5%') FROM ${SERIES} WHERE project_id = {project:UUID} AND metric_name = {requests:String} AND labels['service'] = {service:String} GROUP BY fingerprint`,
            ],
            data: [
              `SELECT ${byGroup()} AS g, t, sum(v) FROM (${increases('{buckets:String}', inFingerprints)}) GROUP BY g, t`,
              `SELECT ${byGroup()} AS g, t, sum(v) FROM (${increases('{requests:String}', inFingerprints)}) GROUP BY g, t`,
            ],
          },
        ]),
      ),
    ),
    /** Throughput (requests/s) and the +Inf bucket's increase per hour. */
    answer: ([buckets, requests]) => {
      const throughput = {};
      const inf = {};
      for (const line of requests.split('\n')) {
        if (!line) continue;
        const [, t, v] = line.split('\t');
        throughput[t] = (throughput[t] ?? 0) + Number(v) / (HOUR_MS / 1000);
      }
      for (const line of buckets.split('\n')) {
        const [le, t, v] = line.split('\t');
        if (le === '+Inf') inf[t] = Number(v) / (HOUR_MS / 1000);
      }
      return { throughput, inf };
    },
  },
};

const store = await store$.createTelemetryStore({ database: 'vigil', dataDir: spec.dir });
const text = async (query, params) => (await store.client.query({ query, format: 'TabSeparated', query_params: { project: spec.projectId, ...params } })).text();
/**
 * Runs a form: statements concurrently; or its series lookup(s) first (one query for all data
 * statements, or one per data statement) and then the data statements with those fingerprints.
 */
async function runAll(form, params) {
  if (Array.isArray(form)) return Promise.all(form.map((statement) => text(statement, params)));
  const lookups = form.lookups ?? [form.lookup];
  const found = (await Promise.all(lookups.map((lookup) => text(lookup, params)))).map(groupsOf);
  return Promise.all(
    form.data.map(async (statement, i) => {
      const { fps, groups, keys } = found[Math.min(i, found.length - 1)];
      const out = await text(statement, { ...params, fps, groups });
      return form.grouped ? named(out, keys) : out;
    }),
  );
}
const statementsOf = (form) => (Array.isArray(form) ? form : [...(form.lookups ?? [form.lookup]), ...form.data]);

async function timed(statements, params, runs) {
  const latencies = [];
  let texts;
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    texts = await runAll(statements, params);
    latencies.push(performance.now() - began);
  }
  return { latencies, texts };
}

const result = {};
for (const [key, query] of Object.entries(QUERIES)) {
  // Each form: a warm-up and 5 timed runs; the fastest (by median) is then measured like the others.
  const candidates = [];
  for (const [name, statements] of Object.entries(query.candidates)) {
    try {
      for (let i = 0; i < FORM_TRIAL.warmups; i++) await runAll(statements, query.params);
      const { latencies, texts } = await timed(statements, query.params, FORM_TRIAL.runs);
      candidates.push({ name, statements, ms: latencies.sort((a, b) => a - b)[Math.floor(FORM_TRIAL.runs / 2)], answer: query.answer(texts, name) });
    } catch (error) {
      candidates.push({ name, error: String(error.message ?? error).split('\n')[0].slice(0, 200) });
    }
  }
  const best = candidates.filter((c) => !c.error).sort((a, b) => a.ms - b.ms)[0];
  if (!best) {
    result[key] = { error: 'no form ran', candidates };
    continue;
  }
  for (let i = 0; i < spec.warmups; i++) await runAll(best.statements, query.params);
  const { latencies } = await timed(best.statements, query.params, spec.runs);
  latencies.sort((a, b) => a - b);
  result[key] = {
    chosen: best.name,
    sql: statementsOf(best.statements).map((s) => s.replace(/\s+/g, ' ').trim()),
    candidates: candidates.map(({ name, ms: m, error }) => ({ name, ms: m, error })),
    answers: Object.fromEntries(candidates.filter((c) => !c.error).map((c) => [c.name, c.answer])),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    runs: latencies.length,
  };
}
await store.close();
// The answers are too large for a line of output: they go to the file the spec names.
writeFileSync(spec.out, JSON.stringify(result));
process.stdout.write(`RESULT ${JSON.stringify({ file: spec.out })}\n`);
process.exit(0);
