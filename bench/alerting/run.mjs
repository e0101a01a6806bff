#!/usr/bin/env node
// Alerting benchmark: 1,000 rules over live ingest, breach-to-webhook latency, missed and
// duplicate notifications, and what evaluation costs — Vigil standalone side by side with
// Prometheus + Alertmanager on the same data — idle and under 8 query clients; then the
// remote_write throughput with 1,000 raw-threshold rules loaded against none.
//   node bench/alerting/run.mjs [--quick] [--no-docs] [--only=idle,queries,ingest] [--rules=N --breaches=N]
// Needs the built server (npx nx run standalone:build); see bench/README.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '../lib/http.mjs';
import { cpuMeter, waitIdle } from '../lib/procstat.mjs';
import { cleanupOnSignals, fmt, ROOT, runBenchmark, startWatchdog, stopChild, version } from '../lib/processes.mjs';
import { machineInfo, markdownRow, markdownTable, printTable, vigilRevision, writeBenchmarkSection } from '../lib/report.mjs';
import { requireBuiltServer, requirePackages } from '../lib/systems.mjs';
import { measureIngestCost } from './ingest-cost.mjs';
import { describeQueries, loadQueryData, QUERY_SHAPE, startQueryClients } from './query-clients.mjs';
import { startReceiver } from './receiver.mjs';
import { configureVigilNotifications, createVigilRules, startLiveIngest, startPrometheusPair, startVigilForAlerting } from './systems.mjs';
import { breachOrder, INTERVAL_SECONDS, liveSeries, makeRules, promqlRule, vigilRule } from './workload.mjs';

const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => !a.includes('=')));
const QUICK = flags.has('--quick');
const WRITE_DOCS = !flags.has('--no-docs');
const ONLY = new Set((argv.find((a) => a.startsWith('--only='))?.split('=')[1] ?? 'idle,queries,ingest').split(','));
const CFG = QUICK
  ? { rules: 100, breaches: 40, breachEveryMs: 1500, warmupS: 10, cpuS: 20, settleS: 25, clients: 8, ingest: { rules: 1000, pairs: 2, seconds: 5, requests: 600 } }
  : { rules: 1000, breaches: 400, breachEveryMs: 1500, warmupS: 15, cpuS: 60, settleS: 30, clients: 8, ingest: { rules: 1000, pairs: 6, seconds: 10, requests: 1000 } };
// Smaller or larger shapes for experiments (the docs are written only with the defaults).
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
if (option('rules')) CFG.rules = Number(option('rules'));
if (option('breaches')) CFG.breaches = Math.min(Number(option('breaches')), CFG.rules);
const CUSTOM = Boolean(option('rules') || option('breaches'));
/** A breach not notified within this long after its write was acknowledged counts as missed. */
const MISSED_AFTER_MS = 60_000;
const TARGETS = { rawP95Ms: 2000, windowP95Ms: INTERVAL_SECONDS * 1000 + 2000, evaluationCores: 0.2, ingestLoss: 0.05 };
const BOUND_MS = (QUICK ? 20 : 75) * 60_000;
const log = (...a) => console.log(...a);

requirePackages([['/usr/bin/prometheus', 'prometheus'], ['/usr/bin/prometheus-alertmanager', 'prometheus-alertmanager']]);
requireBuiltServer();
cleanupOnSignals();
const watchdog = startWatchdog(BOUND_MS);

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Latency figures of one system and flavour from the breaches' acks and the receiver's arrivals. */
function latencyFigures(breaches, acks, receiver) {
  const latencies = [];
  let missed = 0;
  let duplicates = 0;
  let unacked = 0;
  const missedNames = [];
  const byBreach = [];
  for (const breach of breaches) {
    const ackTs = [...acks.keys()].filter((ts) => ts >= breach.at).sort((a, b) => a - b)[0];
    if (ackTs === undefined) {
      unacked++;
      continue;
    }
    const ackAt = acks.get(ackTs);
    const firing = receiver.firing(breach.rule.name);
    const first = firing[0];
    if (!first || first.at - ackAt > MISSED_AFTER_MS) {
      missed++;
      if (missedNames.length < 5) missedNames.push(breach.rule.name);
    } else {
      latencies.push(first.at - ackAt);
      byBreach.push(first.at - ackAt);
    }
    duplicates += Math.max(0, firing.length - 1);
  }
  // Latency by quarter of the breach phase (in breach order): does it grow as breaches pile up?
  const quarters = [0, 1, 2, 3].map((q) => {
    const part = byBreach.filter((_, i) => Math.floor((4 * i) / byBreach.length) === q).sort((a, b) => a - b);
    return { p50: percentile(part, 50), max: part.at(-1) ?? NaN };
  });
  latencies.sort((a, b) => a - b);
  return { quarters, breaches: breaches.length, notified: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) ?? NaN, min: latencies[0] ?? NaN, missed, missedNames, duplicates, unacked };
}

async function waitUntil(condition, maxMs, everyMs = 500) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(everyMs);
  }
  return false;
}

// ------------------------------------------------------------------ one run

async function runScenario(name, { queryClients }) {
  log(`\n=== Run "${name}"${queryClients ? `: ${CFG.clients} clients looping bench/query's queries against Vigil` : ': no other load'} ===`);
  const rules = makeRules(CFG.rules);
  const order = breachOrder(rules, CFG.breaches);
  const receivers = { vigil: await startReceiver('vigil'), prometheus: await startReceiver('alertmanager') };
  const { prometheus, alertmanager, loadRules } = await startPrometheusPair(receivers.prometheus.url);
  log(`  Prometheus (pid ${prometheus.pid}, ${prometheus.url}) → Alertmanager (pid ${alertmanager.pid}, ${alertmanager.url}) → ${receivers.prometheus.url}`);
  const vigil = await startVigilForAlerting();
  log(`  Vigil standalone (pid ${vigil.pid}, ${vigil.url}, data ${vigil.dir}) → ${receivers.vigil.url}`);
  await configureVigilNotifications(vigil, receivers.vigil.url);

  // The query clients' data, in both runs so the two Vigils hold the same data.
  log(`  loading bench/query's quick data set (${QUERY_SHAPE.series} series × ${QUERY_SHAPE.days} days, ${fmt(QUERY_SHAPE.logLines)} log lines) into Vigil...`);
  const manifest = await loadQueryData({ vigil, log: (...a) => log(...a) });
  log(`  loaded in ${fmt(manifest.loadSeconds, 1)} s; Vigil idle after ${fmt(await waitIdle(vigil.pid, vigil.dir, { cores: 0.3, maxMs: 120_000 }))} s`);

  const vigilTree = [[vigil.pid, vigil.dir]];
  const promTree = [[prometheus.pid, prometheus.dir], [alertmanager.pid, alertmanager.dir]];
  const breachAt = new Map();
  const series = liveSeries(rules);
  const ingest = startLiveIngest({
    targets: [
      { name: 'vigil', url: `${vigil.url}/api/v1/write`, headers: vigil.auth },
      { name: 'prometheus', url: `${prometheus.url}/api/v1/write`, headers: {} },
    ],
    makeBody: (ts) => series.body(ts, (rule) => (breachAt.get(rule.name) ?? Infinity) <= ts),
    maxMs: BOUND_MS,
  });
  const clients = queryClients ? startQueryClients({ vigil, headers: vigil.session.headers, projectId: vigil.projectId, manifest, clients: CFG.clients, maxMs: BOUND_MS }) : undefined;
  const result = { name, queryClients: Boolean(queryClients), cpu: {}, queries: {}, writes: {} };
  const phase = async (key, what, body) => {
    clients?.phase(key);
    ingest.drain('vigil');
    ingest.drain('prometheus');
    const stopVigil = cpuMeter(vigilTree);
    const stopProm = cpuMeter(promTree);
    await body();
    const v = stopVigil();
    const p = stopProm();
    // What else ran on the (shared) machine meanwhile: everything but the systems and this script.
    const others = Math.max(0, v.machineCores - v.cores - p.cores - v.benchCores);
    result.cpu[key] = { vigil: v.cores, prometheus: p.cores, bench: v.benchCores, others, seconds: v.seconds };
    result.writes[key] = Object.fromEntries(['vigil', 'prometheus'].map((system) => {
      const { latencies } = ingest.drain(system);
      latencies.sort((a, b) => a - b);
      return [system, { p50: percentile(latencies, 50), p99: percentile(latencies, 99), writes: latencies.length }];
    }));
    result.queries[key] = clients?.summary(key);
    log(`  ${what}: Vigil ${fmt(v.cores, 3)} cores, Prometheus + Alertmanager ${fmt(p.cores, 3)} cores over ${fmt(v.seconds)} s (this script ${fmt(v.benchCores, 2)}, other processes on the machine ${fmt(others, 2)}); ` +
      `writes p50/p99 Vigil ${fmt(result.writes[key].vigil.p50)}/${fmt(result.writes[key].vigil.p99)} ms, Prometheus ${fmt(result.writes[key].prometheus.p50)}/${fmt(result.writes[key].prometheus.p99)} ms` +
      `${clients ? `; queries ${describeQueries(result.queries[key])}` : ''}`);
  };

  log(`  live ingest: ${CFG.rules} series, one sample each every second, to both systems; warming up ${CFG.warmupS} s`);
  await sleep(CFG.warmupS * 1000);
  await phase('none', `no rules (${CFG.cpuS} s)`, () => sleep(CFG.cpuS * 1000));

  let t = Date.now();
  const ids = await createVigilRules(vigil, rules.map(vigilRule));
  log(`  created ${ids.size} rules in Vigil through the API in ${fmt((Date.now() - t) / 1000, 1)} s (${rules.filter((r) => r.flavour === 'raw').length} raw-threshold, ${rules.filter((r) => r.flavour === 'window').length} window; every ${INTERVAL_SECONDS} s, for 0 s)`);
  t = Date.now();
  await loadRules(rules);
  log(`  loaded the same ${rules.length} rules into Prometheus (rule file + /-/reload) in ${fmt((Date.now() - t) / 1000, 1)} s, e.g. ${promqlRule(rules[0])} and ${promqlRule(rules[1])}`);
  // Settle: the creations' immediate evaluations done, every rule evaluated on a tick, no alert.
  const settled = await waitUntil(async () => {
    const { rules: states } = await vigil.api('GET', '/api/v1/alert-rules');
    return states.length === rules.length && states.every((r) => r.status.lastEvaluatedAt !== null && r.status.lastError === null);
  }, 60_000, 2000);
  // A rule is evaluated by its first tick while the immediate evaluations its creation queued
  // (one job per rule) may still be running: wait until Vigil's CPU is back near the level
  // without rules over a whole tick, so they are not counted as the rules' steady cost.
  const quiet = await waitIdle(vigil.pid, vigil.dir, { cores: result.cpu.none.vigil + 0.1, quietMs: INTERVAL_SECONDS * 1000, maxMs: 180_000 });
  await sleep(CFG.settleS * 1000);
  const states = (await vigil.api('GET', '/api/v1/alert-rules')).rules;
  const problems = states.filter((r) => r.status.lastError !== null || r.status.firing > 0);
  log(`  settled (${settled ? 'every rule evaluated' : 'NOT every rule evaluated within 60 s'}, CPU back near the level without rules after ${fmt(quiet)} s; ` +
    `${problems.length} rules with an error or firing${problems.length ? `: ${JSON.stringify(problems[0].status)}` : ''}), +${CFG.settleS} s`);
  await phase('rules', `${CFG.rules} rules, no breach (${CFG.cpuS} s)`, () => sleep(CFG.cpuS * 1000));

  // Breaches: one more series every 1.5 s; it breaches from the first write at or after its time.
  const breachStart = Date.now() + 1000;
  const breaches = order.map((rule, k) => ({ rule, at: breachStart + k * CFG.breachEveryMs }));
  for (const breach of breaches) breachAt.set(breach.rule.name, breach.at);
  const lastAt = breaches.at(-1).at;
  await phase('breaches', `${breaches.length} breaches, one every ${fmt(CFG.breachEveryMs / 1000, 1)} s (${fmt((lastAt - breachStart) / 1000)} s)`, async () => {
    const progress = setInterval(() => {
      const due = breaches.filter((b) => b.at <= Date.now()).length;
      log(`    ${due} of ${breaches.length} breaching; notified: Vigil ${breaches.filter((b) => receivers.vigil.firing(b.rule.name).length > 0).length}, Alertmanager ${breaches.filter((b) => receivers.prometheus.firing(b.rule.name).length > 0).length}`);
    }, 60_000);
    await sleep(lastAt - Date.now() + 1000);
    clearInterval(progress);
  });
  // Grace: until every breach is notified by both, then 10 s more for late duplicates.
  const allNotified = () => breaches.every((b) => receivers.vigil.firing(b.rule.name).length > 0 && receivers.prometheus.firing(b.rule.name).length > 0);
  await waitUntil(allNotified, MISSED_AFTER_MS + 2000);
  await sleep(10_000);
  await ingest.stop();
  await clients?.stop();

  for (const system of ['vigil', 'prometheus']) {
    const acks = ingest.acks(system);
    result[system] = {};
    for (const flavour of ['raw', 'window']) result[system][flavour] = latencyFigures(breaches.filter((b) => b.rule.flavour === flavour), acks, receivers[system]);
    const breached = new Set(order.map((r) => r.name));
    const all = [...receivers[system].arrivals.entries()];
    result[system].unexpected = all.filter(([rule, list]) => !breached.has(rule) && list.some((a) => a.status === 'firing')).length;
    result[system].resolved = all.reduce((n, [, list]) => n + list.filter((a) => a.status !== 'firing').length, 0);
    result[system].repeatedIds = [...receivers[system].webhookIds.values()].filter((n) => n > 1).length;
    result[system].requests = receivers[system].stats.requests;
    result[system].bad = receivers[system].stats.bad;
  }
  const deliveries = await vigil.api('GET', '/api/v1/deliveries?limit=500');
  result.vigilDeliveries = deliveries.deliveries.reduce((counts, d) => ({ ...counts, [d.status]: (counts[d.status] ?? 0) + 1 }), {});
  const errors = (await vigil.api('GET', '/api/v1/alert-rules')).rules.filter((r) => r.status.lastError !== null);
  result.vigilRuleErrors = errors.length;
  if (errors.length) log(`  Vigil rules with an error: ${errors.length}, e.g. ${errors[0].status.lastError}`);
  const output = vigil.child.output.split('\n').filter((l) => /"level":(40|50)|warn|error/i.test(l));
  if (output.length) log(`  Vigil logged ${output.length} warnings/errors, the last:\n${output.slice(-3).map((l) => `    ${l.slice(0, 400)}`).join('\n')}`);
  for (const system of ['vigil', 'prometheus']) {
    const r = result[system];
    for (const flavour of ['raw', 'window']) {
      const f = r[flavour];
      log(`  ${system.padEnd(10)} ${flavour.padEnd(6)} notified ${f.notified}/${f.breaches}  p50 ${fmt(f.p50 / 1000, 2)} s  p95 ${fmt(f.p95 / 1000, 2)} s  max ${fmt(f.max / 1000, 2)} s  missed ${f.missed}${f.missedNames.length ? ` (${f.missedNames.join(', ')})` : ''}  duplicates ${f.duplicates}${f.unacked ? `  unacked ${f.unacked}` : ''}` +
        `  (p50 / max by quarter of the breaches: ${f.quarters.map((q) => `${secs(q.p50)} / ${secs(q.max)}`).join(', ')} s)`);
    }
    log(`  ${system.padEnd(10)} ${r.requests} webhook requests; unexpected rules notified ${r.unexpected}, resolved notices ${r.resolved}, repeated webhook-ids ${r.repeatedIds}${r.bad.length ? `, unparsable ${r.bad.join(' | ')}` : ''}`);
  }
  log(`  Vigil deliveries by status: ${JSON.stringify(result.vigilDeliveries)}`);

  await stopChild(vigil.child, vigil.dir);
  await stopChild(prometheus.child, prometheus.dir);
  await stopChild(alertmanager.child, alertmanager.dir);
  await receivers.vigil.close();
  await receivers.prometheus.close();
  return result;
}

// ------------------------------------------------------------------ table, targets, docs

const secs = (ms) => fmt(ms / 1000, 2);

/**
 * The rules' CPU: "with rules" − "without rules" under the same ingest. Under the query clients
 * the queries' CPU changes with their throughput between the two phases (a closed loop, on a
 * shared machine), which the plain difference would count as the rules' cost (or credit): there
 * the estimate is CPU(with rules) − ingest − queries(with rules) × CPU per query, with the ingest's
 * CPU from the idle run's phase without rules and the CPU per query from this run's.
 */
function evaluationCost(run, runs) {
  const raw = run.cpu.rules.vigil - run.cpu.none.vigil;
  const plain = `${fmt(raw, 3)} cores (${fmt(run.cpu.rules.vigil, 3)} − ${fmt(run.cpu.none.vigil, 3)})`;
  const idle = runs.find((r) => !r.queryClients);
  const [none, rules] = [run.queries.none, run.queries.rules];
  if (!run.queryClients) return { value: raw, text: plain, verdict: raw <= TARGETS.evaluationCores ? 'met' : 'NOT met' };
  if (!idle || !none?.perSecond || !rules) return { value: NaN, text: `${plain}; query throughput ${fmt(none?.perSecond, 1)} → ${fmt(rules?.perSecond, 1)} /s (no idle run to separate it)`, verdict: 'not measured' };
  const ingest = idle.cpu.none.vigil;
  const perQuery = (run.cpu.none.vigil - ingest) / none.perSecond;
  const estimate = run.cpu.rules.vigil - ingest - rules.perSecond * perQuery;
  return {
    value: estimate,
    text: `${fmt(estimate, 3)} cores estimated (${fmt(run.cpu.rules.vigil, 3)} − ingest ${fmt(ingest, 3)} − ${fmt(rules.perSecond, 2)} queries/s × ${fmt(perQuery * 1000)} CPU ms per query); plain difference ${plain}, queries ${fmt(none.perSecond, 2)} → ${fmt(rules.perSecond, 2)} /s`,
    verdict: estimate <= TARGETS.evaluationCores ? 'met' : 'NOT met',
  };
}

function tables(runs, ingestCost) {
  const latencyHeader = ['run', 'system', 'rules', 'notified', 'p50 s', 'p95 s', 'max s', 'missed', 'duplicates', 'per system: repeated webhook-ids / rules never breached / resolved'];
  const latencyRows = [];
  for (const run of runs) {
    for (const [system, label] of [['vigil', 'Vigil'], ['prometheus', 'Prometheus + Alertmanager']]) {
      for (const [flavour, what] of [['raw', 'raw-threshold'], ['window', 'window (rate 30 s)']]) {
        const f = run[system][flavour];
        const r = run[system];
        const notices = flavour === 'raw' ? `${system === 'vigil' ? r.repeatedIds : '–'} / ${r.unexpected} / ${r.resolved}` : '';
        latencyRows.push([run.name, label, what, `${f.notified} / ${f.breaches}`, secs(f.p50), secs(f.p95), secs(f.max), f.missed + f.unacked, f.duplicates, notices]);
      }
    }
  }
  const cpuHeader = ['run', 'system', 'no rules, cores', `${CFG.rules} rules, cores`, 'breach phase, cores', 'evaluation (difference)', 'queries/s (none / rules / breaches)', 'other processes, cores (none / rules / breaches)'];
  const cpuRows = [];
  for (const run of runs) {
    const q = (key) => (run.queries[key] ? fmt(run.queries[key].perSecond, 1) : '–');
    cpuRows.push([run.name, 'Vigil (incl. Postgres, Redis)', fmt(run.cpu.none.vigil, 3), fmt(run.cpu.rules.vigil, 3), fmt(run.cpu.breaches.vigil, 3),
      `${fmt(run.cpu.rules.vigil - run.cpu.none.vigil, 3)}${run.queryClients ? ` (estimated ${fmt(evaluationCost(run, runs).value, 3)}, see targets)` : ''}`,
      run.queryClients ? `${q('none')} / ${q('rules')} / ${q('breaches')}` : '–', ['none', 'rules', 'breaches'].map((key) => fmt(run.cpu[key].others, 2)).join(' / ')]);
    cpuRows.push([run.name, 'Prometheus + Alertmanager', fmt(run.cpu.none.prometheus, 3), fmt(run.cpu.rules.prometheus, 3), fmt(run.cpu.breaches.prometheus, 3), fmt(run.cpu.rules.prometheus - run.cpu.none.prometheus, 3), '–', '']);
  }
  const targets = [];
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  for (const run of runs) {
    const v = run.vigil;
    targets.push([`${run.name}: raw-threshold p95 < ${TARGETS.rawP95Ms / 1000} s`, `p95 ${secs(v.raw.p95)} s (max ${secs(v.raw.max)} s)`, verdict(v.raw.p95 < TARGETS.rawP95Ms && v.raw.notified > 0)]);
    targets.push([`${run.name}: window p95 ≤ interval + 2 s (${TARGETS.windowP95Ms / 1000} s)`, `p95 ${secs(v.window.p95)} s (max ${secs(v.window.max)} s)`, verdict(v.window.p95 <= TARGETS.windowP95Ms && v.window.notified > 0)]);
    const missed = v.raw.missed + v.window.missed + v.raw.unacked + v.window.unacked;
    const dups = v.raw.duplicates + v.window.duplicates + v.repeatedIds + v.unexpected;
    targets.push([`${run.name}: 0 missed, 0 duplicates`, `missed ${missed}, duplicates ${v.raw.duplicates + v.window.duplicates}, repeated webhook-ids ${v.repeatedIds}, unexpected ${v.unexpected}`, verdict(missed === 0 && dups === 0)]);
    const cost = evaluationCost(run, runs);
    targets.push([`${run.name}: ${CFG.rules} rules every ${INTERVAL_SECONDS} s ≤ ${TARGETS.evaluationCores} cores`, cost.text, cost.verdict]);
  }
  if (ingestCost) {
    targets.push([`remote_write with ${ingestCost.rules} raw-threshold rules within ${TARGETS.ingestLoss * 100} % of none`,
      `${fmt(ingestCost.rulesRate)} vs ${fmt(ingestCost.noneRate)} samples/s (${ingestCost.change >= 0 ? '+' : ''}${fmt(ingestCost.change * 100, 1)} %; medians of ${ingestCost.pairs} alternating pairs of ${ingestCost.seconds} s); ` +
        `server CPU ${fmt(ingestCost.cpuPerMillion.rules, 2)} vs ${fmt(ingestCost.cpuPerMillion.none, 2)} s per million samples; other processes on the machine ${fmt(ingestCost.others, 2)} cores (median)`,
      verdict(ingestCost.change >= -TARGETS.ingestLoss)]);
  }
  return { latencyHeader, latencyRows, cpuHeader, cpuRows, targets };
}

function writeDocs(machine, t, runs, ingestCost) {
  const md = markdownRow;
  const table = markdownTable;
  const file = writeBenchmarkSection('alerting', 'Alerting', 'node bench/alerting/run.mjs', [
    `Run: \`node bench/alerting/run.mjs${QUICK ? ' --quick' : ''}\` on ${machine.date} (${machine.mode} run, ${fmt(machine.minutes, 0)} min) — ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, ` +
      `Node ${machine.node}, Prometheus ${machine.prometheus}, Alertmanager ${machine.alertmanager}, chDB ${machine.chdb}, Vigil ${machine.vigil}. ` +
      `${CFG.rules} rules (half raw-threshold \`last > 100\` of a gauge, half window \`rate(counter[30s]) > 100\`), every ${INTERVAL_SECONDS} s, \`for: 0\`, each over its own series; ` +
      `the ${CFG.rules} series written every second to both systems (the same remote_write body); ${CFG.breaches} breaches, one more series every ${fmt(CFG.breachEveryMs / 1000, 1)} s, each staying in breach. ` +
      `Latency: from the acknowledgement of the first breaching write to the arrival of the webhook naming the rule (Vigil: an Alertmanager-kind channel; Alertmanager: its webhook; one group per alertname, no group wait); missed = none within ${MISSED_AFTER_MS / 1000} s. ` +
      `Run "queries": ${CFG.clients} clients looping bench/query's four queries against Vigil on its small data set (${QUERY_SHAPE.series} series × ${QUERY_SHAPE.days} days, ${fmt(QUERY_SHAPE.logLines)} log lines, loaded in both runs). ` +
      `CPU: the process trees over ${CFG.cpuS} s with the same ingest, without and with the rules. The load generator and other engineers' work share the 2 cores.`,
    '',
    ...table(t.latencyHeader, t.latencyRows),
    '',
    ...table(t.cpuHeader, t.cpuRows),
    '',
    ...(ingestCost
      ? [`remote_write throughput (bench/ingest's remote_write bodies, 8 senders; two fresh Vigils, one with ${ingestCost.rules} raw-threshold rules \`metric{pod="…"} > 1000\` over gauges of the bodies, ` +
        `loaded in alternating ${ingestCost.seconds} s slices): without rules ${ingestCost.none.map((r) => fmt(r)).join(', ')}; with rules ${ingestCost.withRules.map((r) => fmt(r)).join(', ')} samples/s.`, '']
      : []),
    '| target | figures | |',
    '| --- | --- | --- |',
    ...t.targets.map(md),
  ]);
  log(`Wrote the figures to ${file}`);
}

async function main() {
  const began = Date.now();
  const machine = machineInfo({
    prometheus: version('/usr/bin/prometheus', ['--version']).replace(/^prometheus, version /, ''),
    alertmanager: version('/usr/bin/prometheus-alertmanager', ['--version']).replace(/^alertmanager, version /, ''),
    chdb: JSON.parse(readFileSync(join(ROOT, 'node_modules/chdb/package.json'), 'utf8')).version,
    vigil: vigilRevision(),
    mode: QUICK ? 'quick' : 'full',
  });
  log(`Vigil alerting benchmark (${machine.mode}) — ${machine.date}, ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, Node ${machine.node}`);
  log(`  Prometheus ${machine.prometheus}; Alertmanager ${machine.alertmanager}; chDB ${machine.chdb}; Vigil ${machine.vigil}; parts: ${[...ONLY].join(', ')}`);

  const runs = [];
  if (ONLY.has('idle')) runs.push(await runScenario('idle', { queryClients: false }));
  if (ONLY.has('queries')) runs.push(await runScenario('queries', { queryClients: true }));
  let ingestCost;
  if (ONLY.has('ingest')) {
    log(`\n=== remote_write throughput with ${CFG.ingest.rules} raw-threshold rules loaded vs none ===`);
    ingestCost = await measureIngestCost({ ...CFG.ingest, log });
  }

  machine.minutes = (Date.now() - began) / 60_000;
  const t = tables(runs, ingestCost);
  log('');
  if (runs.length) {
    printTable(t.latencyHeader, t.latencyRows);
    log('');
    printTable(t.cpuHeader, t.cpuRows);
  }
  log('\nTargets:');
  for (const [what, figures, ok] of t.targets) log(`  ${ok.padEnd(8)} ${what}: ${figures}`);
  log(`\nTotal ${fmt(machine.minutes, 1)} min`);
  if (WRITE_DOCS && !CUSTOM && runs.length === 2 && ingestCost) writeDocs(machine, t, runs, ingestCost);
  else if (WRITE_DOCS) log('(docs/benchmarks.md left alone: it is written only by a run with all three parts)');
}

await runBenchmark(main, watchdog);
