// What raw-threshold rules cost ingest: bench/ingest's remote_write scenario (its pre-built
// bodies, 10,000 series, 8 senders) against one fresh Vigil, alternating rounds without rules
// and with `rules` raw-threshold rules loaded over metrics of those bodies; the medians compared.
import { ACCEPTED, runLoad } from '../ingest/load.mjs';
import { buildRemoteWrite, rwSeriesLabels } from '../ingest/payloads.mjs';
import { waitIdle } from '../lib/procstat.mjs';
import { fmt, stopChild } from '../lib/processes.mjs';
import { REMOTE_WRITE_HEADERS } from '../lib/remote-write.mjs';
import { createVigilRules, deleteVigilRules, startVigilForAlerting } from './systems.mjs';

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

export async function measureIngestCost({ rules: ruleCount, rounds, seconds, requests, log }) {
  const vigil = await startVigilForAlerting();
  log(`  Vigil standalone (pid ${vigil.pid}, ${vigil.url})`);
  const startMs = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
  const rw = buildRemoteWrite({ requests, startMs });
  log(`  pre-built ${requests} remote_write requests (${fmt(rw.samples)} samples, 10,000 series, 8 shards); every round sends them from the start (the same work each time)`);
  const bodies = ingestRules(ruleCount);
  const load = (durationMs) =>
    runLoad({ url: `${vigil.url}/api/v1/write`, headers: { ...REMOTE_WRITE_HEADERS, ...vigil.auth }, queues: rw.shards, durationMs, accepted: ACCEPTED.remoteWrite });
  const idle = () => waitIdle(vigil.pid, vigil.dir, { cores: 0.3, maxMs: 90_000 });

  const warm = await load(5_000);
  log(`  warm-up: ${fmt(warm.rate)} samples/s`);
  const none = [];
  const withRules = [];
  for (let round = 1; round <= rounds; round++) {
    await idle();
    const a = await load(seconds * 1000);
    none.push(a.rate);
    let t = Date.now();
    const ids = await createVigilRules(vigil, bodies);
    const created = (Date.now() - t) / 1000;
    t = Date.now();
    await idle();
    const b = await load(seconds * 1000);
    withRules.push(b.rate);
    log(`  round ${round}: none ${fmt(a.rate)} samples/s (p99 ${fmt(a.p99)} ms${a.errors ? `, ${a.errors} errors` : ''}); ` +
      `${ids.size} rules created in ${fmt(created, 1)} s, idle after ${fmt((Date.now() - t) / 1000)} s; with rules ${fmt(b.rate)} samples/s (p99 ${fmt(b.p99)} ms${b.errors ? `, ${b.errors} errors` : ''})`);
    const evaluated = (await vigil.api('GET', '/api/v1/alert-rules')).rules;
    const firing = evaluated.filter((r) => r.status.firing > 0 || r.status.pending > 0).length;
    if (firing > 0) log(`  ${firing} of the rules fired: they were meant never to`);
    await deleteVigilRules(vigil, ids.values());
  }
  await stopChild(vigil.child, vigil.dir);
  const noneRate = median(none);
  const rulesRate = median(withRules);
  return { rules: ruleCount, rounds, seconds, none, withRules, noneRate, rulesRate, change: rulesRate / noneRate - 1 };
}
