// Child process: the engine's limit for the logs search. Opens the chDB directory Vigil wrote
// (Vigil stopped: chDB allows one process per directory) and runs hand-written SQL for the same
// rare-term search, the way Vigil's API would have to at best.
//   node sql-baseline.mjs <vigilDataDir> <projectId> <fromMs> <toMs> <term> <runs> <warmups> <limit>
// Prints one JSON line (prefixed RESULT ) on stdout.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile } from '../lib/http.mjs';
import { ROOT } from '../lib/processes.mjs';

const require = createRequire(resolve(ROOT, 'package.json'));
const store$ = require(resolve(ROOT, 'dist/server/libs/telemetry-store/src'));

const [dir, projectId, from, to, term, runs, warmups, limit] = process.argv.slice(2);
const params = { project: projectId, from: Number(from), to: Number(to), term, limit: Number(limit) };
const COLUMNS = `toUnixTimestamp64Milli(timestamp) AS ts, toUnixTimestamp64Milli(observed_timestamp) AS observed,
       severity_number, severity_text, service, body, attributes, resource, trace_id, span_id`;
const RANGE = `project_id = {project:UUID}
  AND timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND timestamp <= fromUnixTimestamp64Milli({to:Int64})`;

/**
 * Ways to write "records whose body has this word, case-insensitively, newest first". All use
 * the table's text index (tokens of lower(body), split on non-letters) where ClickHouse can.
 */
const CANDIDATES = {
  'hasToken(lower(body))': `hasToken(lower(body), {term:String})`,
  'hasAllTokens(body)': `hasAllTokens(body, [{term:String}])`,
  'hasTokenCaseInsensitive(body)': `hasTokenCaseInsensitive(body, {term:String})`,
  'lower(body) LIKE': `lower(body) LIKE concat('%', {term:String}, '%')`,
};
const search = (condition) => `SELECT ${COLUMNS} FROM vigil.logs WHERE ${RANGE} AND ${condition} ORDER BY timestamp DESC LIMIT {limit:UInt32}`;
const count = (condition) => `SELECT count() AS n FROM vigil.logs WHERE ${RANGE} AND ${condition}`;

const store = await store$.createTelemetryStore({ database: 'vigil', dataDir: dir });
const run = async (query) => (await store.client.query({ query, format: 'JSONEachRow', query_params: params })).json();
let lastRows = [];
const time = async (query) => {
  const began = performance.now();
  const rows = await run(query);
  const ms = performance.now() - began;
  lastRows = rows;
  return { ms, rows: rows.length };
};

const stored = (await run(`SELECT (SELECT count() FROM vigil.metric_samples WHERE project_id = {project:UUID}) AS samples,
  (SELECT count() FROM vigil.logs WHERE project_id = {project:UUID}) AS logs`))[0];

// Try each form (3 timed runs after a warm-up), keep the fastest that finds the right records.
const candidates = [];
for (const [name, condition] of Object.entries(CANDIDATES)) {
  try {
    const hits = Number((await run(count(condition)))[0].n);
    await time(search(condition));
    const ms = [];
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const timed = await time(search(condition));
      ms.push(timed.ms);
      rows = timed.rows;
    }
    candidates.push({ name, condition, hits, rows, ms: Math.min(...ms) });
  } catch (error) {
    candidates.push({ name, condition, error: String(error.message ?? error).split('\n')[0].slice(0, 200) });
  }
}
const expected = Math.max(...candidates.filter((c) => c.hits !== undefined).map((c) => c.hits));
const best = candidates.filter((c) => c.hits === expected).sort((a, b) => a.ms - b.ms)[0];

for (let i = 0; i < Number(warmups); i++) await time(search(best.condition));
const latencies = [];
let rows = 0;
for (let i = 0; i < Number(runs); i++) {
  const result = await time(search(best.condition));
  latencies.push(result.ms);
  rows = result.rows;
}
latencies.sort((a, b) => a - b);
await store.close();

const result = {
  stored: { samples: Number(stored.samples), logs: Number(stored.logs) },
  candidates,
  chosen: best.name,
  sql: search(best.condition).replace(/\s+/g, ' '),
  hits: best.hits,
  rows,
  timestamps: lastRows.map((row) => Number(row.ts)),
  p50: percentile(latencies, 50),
  p95: percentile(latencies, 95),
  runs: latencies.length,
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
