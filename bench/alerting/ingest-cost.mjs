// What raw-threshold rules cost ingest: bench/ingest's remote_write scenario (its pre-built
// bodies, 10,000 series, 8 senders) against two fresh Vigils, one without rules and one with
// `rules` raw-threshold rules over metrics of those bodies, loaded in short alternating slices
// (A B, B A, …) so that the machine's other work — this machine is shared — falls on both alike.
import { ACCEPTED, runLoad } from '../ingest/load.mjs';
import { buildRemoteWrite, rwSeriesLabels } from '../ingest/payloads.mjs';
import { cpuSeconds, machineBusySeconds, processTree, waitIdle } from '../lib/procstat.mjs';
import { fmt, stopChild } from '../lib/processes.mjs';
import { REMOTE_WRITE_HEADERS } from '../lib/remote-write.mjs';
import { createVigilRules, startVigilForAlerting } from './systems.mjs';

/** Gauges of the bodies the rules read (values 0–1,000, so `> 1000` never fires). */
const RULE_METRICS = ['process_open_fds', 'go_goroutines', 'node_load1', 'db_client_connections_usage'];

/** `count` raw-threshold rules, one per (metric, pod) of the bodies' gauges: `metric{pod="…"} > 1000`. */
export function ingestRules(count) {
  const series = rwSeriesLabels().filter((s) => RULE_METRICS.includes(s.labels.__name__));
  if (series.length < count) throw new Error(`only ${series.length} gauge series for ${count} rules`);
  return series.slice(0, count).map((s, i) => ({
    name: `ingest_${s.labels.__name__}_${i}`,
    kind: 'metric_threshold',
    intervalSeconds: 10,
    spec: { query: { name: s.labels.__name__, matchers: [{ label: 'pod', op: '=', value: s.labels.pod }] }, windowSeconds: 30, reducer: 'last', comparator: '>', critical: 1000 },
  }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureIngestCost({ rules: ruleCount, pairs, seconds, requests, log }) {
  const none = await startVigilForAlerting();
  const loaded = await startVigilForAlerting();
  log(`  Vigil without rules (pid ${none.pid}, ${none.url}); Vigil with rules (pid ${loaded.pid}, ${loaded.url})`);
  const t = Date.now();
  const ids = await createVigilRules(loaded, ingestRules(ruleCount));
  log(`  ${ids.size} raw-threshold rules created in ${fmt((Date.now() - t) / 1000, 1)} s, e.g. ${ingestRules(1)[0].spec.query.name}{pod="…"} > 1000 (the bodies' values stay below 1,000)`);
  const startMs = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
  const rw = buildRemoteWrite({ requests, startMs });
  log(`  pre-built ${requests} remote_write requests (${fmt(rw.samples)} samples, 10,000 series, 8 shards); every slice sends them from the start (the same work each time)`);
  const slice = async (vigil, durationMs) => {
    const tree = () => processTree(vigil.pid, vigil.dir);
    const cpu0 = cpuSeconds(tree());
    const machine0 = machineBusySeconds();
    const result = await runLoad({ url: `${vigil.url}/api/v1/write`, headers: { ...REMOTE_WRITE_HEADERS, ...vigil.auth }, queues: rw.shards, durationMs, accepted: ACCEPTED.remoteWrite });
    const server = cpuSeconds(tree()) - cpu0;
    // Everything on the machine but this server and the load generator (this machine is shared).
    const others = Math.max(0, (machineBusySeconds() - machine0 - server - result.clientCpuSeconds) / result.seconds);
    return { ...result, cpuPerMillion: server / (result.acceptedItems / 1e6), others };
  };
  for (const vigil of [none, loaded]) await slice(vigil, 5_000);
  log(`  warmed up; idle after ${fmt(await waitIdle(none.pid, none.dir, { cores: 0.3, maxMs: 90_000 }))} s and ${fmt(await waitIdle(loaded.pid, loaded.dir, { cores: 0.3, maxMs: 90_000 }))} s`);
  const results = { none: [], rules: [] };
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? [['none', none], ['rules', loaded]] : [['rules', loaded], ['none', none]];
    const line = [];
    for (const [key, vigil] of order) {
      const r = await slice(vigil, seconds * 1000);
      results[key].push(r);
      line.push(`${key} ${fmt(r.rate)}/s (${fmt(r.cpuPerMillion, 2)} CPU s per M, p99 ${fmt(r.p99)} ms${r.errors ? `, ${r.errors} errors` : ''}; other processes ${fmt(r.others, 2)} cores)`);
    }
    log(`  pair ${pair + 1}: ${line.join(', ')}`);
  }
  const firing = (await loaded.api('GET', '/api/v1/alert-rules')).rules.filter((r) => r.status.firing > 0 || r.status.pending > 0).length;
  if (firing > 0) log(`  ${firing} of the rules fired: they were meant never to`);
  await stopChild(none.child, none.dir);
  await stopChild(loaded.child, loaded.dir);
  const noneRate = median(results.none.map((r) => r.rate));
  const rulesRate = median(results.rules.map((r) => r.rate));
  return {
    rules: ruleCount, pairs, seconds, firing,
    none: results.none.map((r) => r.rate), withRules: results.rules.map((r) => r.rate), noneRate, rulesRate, change: rulesRate / noneRate - 1,
    cpuPerMillion: { none: median(results.none.map((r) => r.cpuPerMillion)), rules: median(results.rules.map((r) => r.cpuPerMillion)) },
    others: median([...results.none, ...results.rules].map((r) => r.others)),
  };
}
