// Seeds check results straight into a stopped Vigil's embedded ClickHouse (chDB allows one
// process per data directory, so this runs as a child while Vigil is down): for every check,
// 90 UTC days × 2 regions × RESULTS_PER_DAY results, which the materialized view rolls up into
// check_results_daily as it would live results; and, for the checks whose pages are measured,
// the last 24 h at a 60 s interval in both regions (what a check page's chart reads).
// argv: <data dir> <ids file (JSON: { projectId, all: [...], sampled: [...] })>. Prints `RESULT {json}`.
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dataDir, idsFile] = process.argv.slice(2);
const { projectId, all, sampled, now } = JSON.parse(readFileSync(idsFile, 'utf8'));
const RESULTS_PER_DAY = 4;
const REGIONS = ['bench-eu', 'bench-us'];
const DAY_S = 86_400;
const today = Math.floor(now / 1000 / DAY_S) * DAY_S;

const client = createClient({ connection: createChdbConnection({ path: join(dataDir, 'clickhouse') }) });
const started = performance.now();
const columns = 'project_id, check_id, region, time, status, status_code, latency_ms, error, retention_days';
// Mostly up; about 1 result in 200 down and 1 in 100 degraded, spread by a hash so days differ.
const outcome = `multiIf(h % 200 = 0, 'down', h % 100 = 1, 'degraded', 'up')`;

// 90 days: number → (check, day, region, slot); times spread over the day, none in the future.
const historyRows = all.length * 90 * REGIONS.length * RESULTS_PER_DAY;
await client.command({
  query: `INSERT INTO vigil.check_results (${columns})
    WITH {ids:Array(String)} AS ids, {regions:Array(String)} AS regions
    SELECT {project:UUID}, toUUID(ids[1 + intDiv(number, 90 * 2 * ${RESULTS_PER_DAY})]), regions[1 + intDiv(number, ${RESULTS_PER_DAY}) % 2],
      least(toDateTime64({today:UInt32} - (89 - intDiv(number, 2 * ${RESULTS_PER_DAY}) % 90) * ${DAY_S} + (number % ${RESULTS_PER_DAY}) * ${DAY_S / RESULTS_PER_DAY} + h % 3600, 3), toDateTime64({now:UInt32}, 3)),
      ${outcome}, if(${outcome} = 'down', 503, 200), 20 + h % 300, if(${outcome} = 'down', 'HTTP 503', ''), 30
    FROM (SELECT number, cityHash64(number) AS h FROM numbers({rows:UInt64}))`,
  query_params: { project: projectId, ids: all, regions: REGIONS, today, now: Math.floor(now / 1000), rows: historyRows },
});

// The measured checks' last 24 h at 60 s in both regions.
const minute = 60;
const recentRows = sampled.length * 1440 * REGIONS.length;
await client.command({
  query: `INSERT INTO vigil.check_results (${columns})
    WITH {ids:Array(String)} AS ids, {regions:Array(String)} AS regions
    SELECT {project:UUID}, toUUID(ids[1 + intDiv(number, 1440 * 2)]), regions[1 + number % 2],
      toDateTime64({now:UInt32} - (intDiv(number, 2) % 1440) * ${minute}, 3),
      ${outcome}, if(${outcome} = 'down', 503, 200), 20 + h % 300, if(${outcome} = 'down', 'HTTP 503', ''), 30
    FROM (SELECT number, cityHash64(number) AS h FROM numbers({rows:UInt64}))`,
  query_params: { project: projectId, ids: sampled, regions: REGIONS, now: Math.floor(now / 1000), rows: recentRows },
});

const count = async (query) => Number((await (await client.query({ query, format: 'JSONEachRow' })).json())[0].n);
const result = {
  rawRows: await count('SELECT count() AS n FROM vigil.check_results'),
  dailyRows: await count('SELECT count() AS n FROM (SELECT 1 FROM vigil.check_results_daily GROUP BY check_id, region, day)'),
  seconds: (performance.now() - started) / 1000,
};
await client.close();
console.log(`RESULT ${JSON.stringify(result)}`);
