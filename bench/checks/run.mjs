// bench/checks: the dashboard's Checks pages at 10,000 checks with 90 days of results.
//   node bench/checks/run.mjs [--checks 10000] [--runs 40]
// Starts the built Vigil standalone (bench/lib), makes the checks through the API (in regions
// no prober serves, so nothing probes them), gives them states, stops Vigil and seeds 90 days of
// results in two regions into its chDB (the daily rollup fills as it does live), restarts it, and
// times what the dashboard asks for, over loopback with a session cookie:
//   list page   = GET /checks (a page of 50), then GET /checks/days (90 days) and /checks/latest for those 50
//   check page  = GET /checks/{id}, /results (24 h), /days (90 d), /incidents and /latest at once
// each ≥ 30 runs after 5 warm-ups, at random pages and checks, p50/p95/max against the
// issue's target (p95 < 300 ms). Answers are checked before timing. Bounded: every loop has a
// count, every request a 60 s timeout; everything started is stopped and removed at the end.
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { get, percentile } from '../lib/http.mjs';
import { prng } from '../lib/prng.mjs';
import { cleanup, cleanupOnSignals, fmt, nodeTask, ROOT, stopChild, tempDir } from '../lib/processes.mjs';
import { machineBusySeconds } from '../lib/procstat.mjs';
import { requireBuiltServer, startVigil } from '../lib/systems.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const { Client } = require('pg');

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((pair) => pair.trim().split(/\s+/)));
const CHECKS = Number(args.checks ?? 10_000);
const RUNS = Math.max(30, Number(args.runs ?? 40));
const WARMUP = 5;
const PAGE = 50;
const SAMPLED = 100;
const TARGET_MS = 300;
const PASSWORD = 'bench-checks-password';
const DAY = 86_400_000;
const REGIONS = ['bench-eu', 'bench-us'];

requireBuiltServer();
cleanupOnSignals();
const random = prng(11);
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

async function signIn(url) {
  const response = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@vigil.test', password: PASSWORD }) });
  if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] };
}

/** A check request of a realistic mix: 70 % HTTP, 15 % TCP, 10 % DNS, 5 % push. */
function checkRequest(index) {
  const name = `svc-${String(index).padStart(5, '0')} ${['api', 'web', 'db', 'queue', 'auth'][index % 5]} ${['checkout', 'search', 'billing', 'media'][index % 4]}`;
  const probed = { name, intervalSeconds: 60, timeoutMs: 5000, retries: 1, regions: REGIONS, quorum: 1 };
  const kind = index % 20;
  if (kind < 14) return { ...probed, kind: 'http', spec: { url: `https://svc-${index}.example.com/health`, expectedStatus: ['2xx'], degradedAfterMs: 800 } };
  if (kind < 17) return { ...probed, kind: 'tcp', spec: { host: `db-${index}.internal`, port: 5432 } };
  if (kind < 19) return { ...probed, kind: 'dns', spec: { name: `svc-${index}.example.com`, recordType: 'A' } };
  return { name, kind: 'push', spec: { periodSeconds: 86_400, graceSeconds: 3_600 } };
}

async function createChecks(vigil, session, projectId) {
  const ids = new Array(CHECKS);
  let next = 0;
  const started = performance.now();
  // Eight at a time, as a provisioning script would.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < CHECKS) {
        const index = next++;
        const response = await fetch(`${vigil.url}/api/v1/checks?project=${projectId}`, { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body: JSON.stringify(checkRequest(index)) });
        if (response.status !== 201) throw new Error(`check ${index}: ${response.status} ${await response.text()}`);
        ids[index] = (await response.json()).check.id;
      }
    }),
  );
  return { ids, seconds: (performance.now() - started) / 1000 };
}

/** States as the prober would leave them: mostly up, some degraded and down, each region's last word. */
async function setStates(vigil, now) {
  const password = (await import('node:fs')).readFileSync(join(vigil.dir, 'postgres', 'vigil-password'), 'utf8').trim();
  const db = new Client({ connectionString: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${vigil.ports.pg}/vigil` });
  await db.connect();
  try {
    await db.query(
      `UPDATE check_states SET
         status = (CASE WHEN h < 90 THEN 'up' WHEN h < 95 THEN 'degraded' ELSE 'down' END)::"CheckStatus",
         cause = CASE WHEN h >= 95 THEN 'HTTP 503' END,
         last_result_at = $1, since = $3,
         region_states = jsonb_build_array(
           jsonb_build_object('region', 'bench-eu', 'status', 'up', 'failures', 0, 'failingSince', null, 'at', $2::bigint, 'latencyMs', 40 + h, 'statusCode', 200, 'error', null),
           jsonb_build_object('region', 'bench-us', 'status', 'up', 'failures', 0, 'failingSince', null, 'at', $2::bigint - 1000, 'latencyMs', 90 + h, 'statusCode', 200, 'error', null))
       FROM (SELECT check_id AS id, abs(hashtext(check_id::text)) % 100 AS h FROM check_states) AS hashed
       WHERE check_states.check_id = hashed.id AND check_states.status <> 'paused'`,
      [new Date(now), now, new Date(now - 3 * 3_600_000)],
    );
  } finally {
    await db.end();
  }
}

async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function getOk(url, session, check) {
  const response = await get(agent, url, session);
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${response.body.toString().slice(0, 300)}`);
  const body = JSON.parse(response.body.toString());
  check?.(body);
  return body;
}

function summary(name, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  return { name, runs: sorted.length, p50: percentile(sorted, 50), p95, max: sorted.at(-1), ok: p95 < TARGET_MS };
}

async function main() {
  const busyBefore = machineBusySeconds();
  let vigil = await startVigil({ adminPassword: PASSWORD });
  const projectId = /Project:\s+.*\(([0-9a-f-]{36})\)/.exec(vigil.child.output)?.[1];
  if (!projectId) throw new Error(`no project id in the banner:\n${vigil.child.output}`);
  let session = await signIn(vigil.url);
  console.log(`Making ${CHECKS.toLocaleString('en-US')} checks through the API…`);
  const made = await createChecks(vigil, session, projectId);
  const now = Date.now();
  await setStates(vigil, now);
  const sampled = Array.from({ length: SAMPLED }, () => made.ids[Math.floor(random() * CHECKS)]);
  const dir = vigil.dir;
  await stopChild(vigil.child, dir);

  const idsFile = join(tempDir('checks-bench-ids-'), 'ids.json');
  writeFileSync(idsFile, JSON.stringify({ projectId, all: made.ids, sampled, now }));
  console.log('Seeding 90 days of results into chDB…');
  const seeded = await nodeTask(join(import.meta.dirname, 'seed-results.mjs'), [dir, idsFile], 'seeding results');

  vigil = await startVigil({ dir, adminPassword: PASSWORD });
  session = await signIn(vigil.url);
  const api = (path, query) => `${vigil.url}/api/v1/checks${path}?${new URLSearchParams({ project: projectId, ...query })}`;
  const to = Date.now();
  const barsFrom = Math.floor(to / DAY) * DAY - 89 * DAY;

  // The parts of a list page, timed apart too (where the time goes).
  const parts = { list: [], days: [], latest: [] };
  const listPage = async (offset, filter = {}, verify = false) => {
    let started = performance.now();
    const { checks, total } = await getOk(api('', { offset, limit: PAGE, ...filter }), session);
    parts.list.push(performance.now() - started);
    if (checks.length === 0) return;
    // The bars and the last latencies are read side by side, as the page does.
    const ids = checks.map((check) => check.id).join(',');
    started = performance.now();
    const [{ days }, { latest }] = await Promise.all([
      getOk(api('/days', { ids, from: barsFrom, to }), session).finally(() => parts.days.push(performance.now() - started)),
      getOk(api('/latest', { ids }), session).finally(() => parts.latest.push(performance.now() - started)),
    ]);
    if (verify) {
      if (total !== CHECKS || checks.length !== PAGE) throw new Error(`list: ${checks.length} checks of ${total}, expected ${PAGE} of ${CHECKS}`);
      // A row per check and day, the two regions summed.
      // The seeded results are older than 25 h but for the sampled checks: some pages have none.
      if (!Array.isArray(latest)) throw new Error('latest: no list');
      if (days.length !== PAGE * 90 || days.some((day) => day.total < REGIONS.length * 4)) throw new Error(`days: ${days.length} rows, expected ${PAGE * 90} of at least ${REGIONS.length * 4} results each`);
    }
  };
  const checkPage = async (id, verify = false) => {
    const [check, results, days, , latest] = await Promise.all([
      getOk(api(`/${id}`), session),
      getOk(api(`/${id}/results`, { from: to - DAY, to, limit: 10_000 }), session),
      getOk(api(`/${id}/days`, { from: barsFrom, to }), session),
      getOk(api(`/${id}/incidents`, { from: to - 90 * DAY, to }), session),
      getOk(api('/latest', { ids: id }), session),
    ]);
    if (verify) {
      if (check.id !== id) throw new Error('check page: wrong check');
      if (results.results.length < 1440 * REGIONS.length) throw new Error(`results: ${results.results.length}, expected ≥ ${1440 * REGIONS.length}`);
      if (days.days.length !== 90 * REGIONS.length) throw new Error(`days: ${days.days.length}, expected ${90 * REGIONS.length}`);
      if (latest.latest.length !== REGIONS.length) throw new Error(`latest: ${latest.latest.length} regions, expected ${REGIONS.length}`);
    }
  };

  await listPage(0, {}, true);
  await checkPage(sampled[0], true);
  const scenarios = [
    ['list page (50 checks, their 90-day bars and latest results)', () => listPage(PAGE * Math.floor(random() * (CHECKS / PAGE)))],
    ['list page, search "checkout api"', () => listPage(PAGE * Math.floor(random() * 4), { q: 'checkout api' })],
    ['list page, state down', () => listPage(PAGE * Math.floor(random() * 4), { status: 'down' })],
    ['check page (check, 24 h results, 90 days, incidents, latest)', () => checkPage(sampled[Math.floor(random() * SAMPLED)])],
  ];
  const rows = [];
  for (const [name, run] of scenarios) {
    for (let i = 0; i < WARMUP; i++) await run();
    for (const part of Object.values(parts)) part.length = 0;
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await timed(run));
    rows.push(summary(name, times));
    if (name.startsWith('list page (')) rows.push(summary('  of which GET /checks (a page)', parts.list), summary('  of which GET /checks/days (50 × 90 days)', parts.days), summary('  of which GET /checks/latest (50, beside days)', parts.latest));
  }
  const busySeconds = machineBusySeconds() - busyBefore;

  console.log(`\nbench/checks: ${CHECKS.toLocaleString('en-US')} checks (2 regions), ${seeded.dailyRows.toLocaleString('en-US')} daily rollup rows, ${seeded.rawRows.toLocaleString('en-US')} raw results`);
  console.log(`setup: checks made through the API in ${fmt(made.seconds, 1)} s (${fmt(CHECKS / made.seconds)} /s); results seeded in ${fmt(seeded.seconds, 1)} s`);
  console.log(`\n| scenario | runs | p50 ms | p95 ms | max ms | p95 < ${TARGET_MS} ms |\n|---|---:|---:|---:|---:|---|`);
  for (const row of rows) console.log(`| ${row.name} | ${row.runs} | ${fmt(row.p50, 1)} | ${fmt(row.p95, 1)} | ${fmt(row.max, 1)} | ${row.ok ? 'yes' : 'NO'} |`);
  console.log(`\n(CPU seconds the whole machine spent busy meanwhile: ${fmt(busySeconds)}; other work on the machine shows as a larger figure than this run alone explains.)`);
  await stopChild(vigil.child, dir);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
