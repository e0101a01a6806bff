// Where a request's time went inside Vigil during one load: the difference of two scrapes of its
// /metrics (insert rounds, the wait before a round, engine lanes, GC, event-loop delay).
import { fmt } from '../lib/processes.mjs';

/** Every sample of Vigil's /metrics as `name{labels}` → value. */
export async function scrapeSelfMetrics(vigil) {
  const text = await (await fetch(`${vigil.url}/metrics`)).text();
  const samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

/** Sum over the samples of `name` whose labels contain every `label="value"` of `match`. */
function sum(samples, name, match = []) {
  let total = 0;
  for (const [key, value] of samples) {
    const brace = key.indexOf('{');
    if ((brace < 0 ? key : key.slice(0, brace)) !== name) continue;
    if (match.every((label) => key.includes(label))) total += value;
  }
  return total;
}

/**
 * histogram_quantile over the difference of two scrapes (linear within a bucket, as Prometheus),
 * of the series of `name` matching `match` summed per bucket bound (`sum by (le)`: several routes
 * of http_request_duration_seconds match one filter).
 */
function quantile(before, after, name, match, q) {
  const counts = new Map();
  for (const [key, value] of after) {
    if (!key.startsWith(`${name}_bucket{`) || !match.every((label) => key.includes(label))) continue;
    const bound = /le="([^"]+)"/.exec(key)[1];
    const le = bound === '+Inf' ? Infinity : Number(bound);
    counts.set(le, (counts.get(le) ?? 0) + value - (before.get(key) ?? 0));
  }
  const buckets = [...counts].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  const rank = q * (buckets.at(-1)?.count ?? 0);
  let lower = 0;
  let below = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank && bucket.count > 0) {
      if (bucket.le === Infinity) return lower;
      return lower + ((bucket.le - lower) * (rank - below)) / Math.max(1, bucket.count - below);
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return NaN;
}

/** The split of one load: figures per insert round of metrics, engine lanes, GC, event loop. */
export function serverSplit(before, after) {
  const delta = (name, match = []) => sum(after, name, match) - sum(before, name, match);
  const metrics = ['signal="metrics"'];
  const rounds = delta('vigil_ingest_insert_round_duration_seconds_count', metrics);
  const ms = (seconds) => seconds * 1000;
  const lane = (name) => [`lane="${name}"`];
  return {
    rounds,
    rowsPerRound: delta('vigil_ingest_insert_round_rows_sum', metrics) / rounds,
    roundMsMean: ms(delta('vigil_ingest_insert_round_duration_seconds_sum', metrics) / rounds),
    roundMsP99: ms(quantile(before, after, 'vigil_ingest_insert_round_duration_seconds', metrics, 0.99)),
    slowRounds: rounds - delta('vigil_ingest_insert_round_duration_seconds_bucket', [...metrics, 'le="0.25"']),
    // Time inside Vigil per request (from its arrival to its answer): against the client's p99,
    // which counts from each request's scheduled time, it tells a server stall from queueing.
    requestMsP99: ms(quantile(before, after, 'http_request_duration_seconds', ['method="POST"', 'code="20'], 0.99)),
    waitMsMean: ms(delta('vigil_ingest_insert_wait_seconds_sum', metrics) / delta('vigil_ingest_insert_wait_seconds_count', metrics)),
    waitMsP99: ms(quantile(before, after, 'vigil_ingest_insert_wait_seconds', metrics, 0.99)),
    writeLaneWaitMsP99: ms(quantile(before, after, 'vigil_engine_queue_wait_seconds', lane('write'), 0.99)),
    otherLanesEngineSeconds: ['evaluation', 'interactive', 'background'].map((name) => delta('vigil_engine_operation_duration_seconds_sum', lane(name))).reduce((a, b) => a + b, 0),
    otherLanesOperationMsP99: ms(Math.max(...['evaluation', 'interactive', 'background'].map((name) => quantile(before, after, 'vigil_engine_operation_duration_seconds', lane(name), 0.99)).filter(Number.isFinite), 0)),
    gcSeconds: delta('vigil_nodejs_gc_duration_seconds_sum'),
    gcMajorMsP99: ms(quantile(before, after, 'vigil_nodejs_gc_duration_seconds', ['kind="major"'], 0.99)),
    // prom-client resets its event-loop delay histogram at every scrape: `after` covers the load.
    eventLoopDelayMsP99: ms(after.get('vigil_nodejs_eventloop_lag_p99_seconds') ?? NaN),
    eventLoopDelayMsMax: ms(after.get('vigil_nodejs_eventloop_lag_max_seconds') ?? NaN),
  };
}

export function describeSplit(split) {
  return (
    `    inside Vigil: requests ${fmt(split.requestMsP99)} ms p99 (arrival to answer); ${fmt(split.rounds)} metric insert rounds, ${fmt(split.rowsPerRound)} rows each, ${fmt(split.roundMsMean)} ms mean / ${fmt(split.roundMsP99)} ms p99, ${fmt(split.slowRounds)} over 250 ms; ` +
    `a request's wait before its round ${fmt(split.waitMsMean)} ms mean / ${fmt(split.waitMsP99)} ms p99; write-lane turn wait p99 ${fmt(split.writeLaneWaitMsP99)} ms; ` +
    `other lanes held the engine ${fmt(split.otherLanesEngineSeconds, 2)} s (p99 operation ${fmt(split.otherLanesOperationMsP99)} ms); ` +
    `GC ${fmt(split.gcSeconds, 2)} s (major p99 ${fmt(split.gcMajorMsP99)} ms); event-loop delay p99 ${fmt(split.eventLoopDelayMsP99)} ms, max ${fmt(split.eventLoopDelayMsMax)} ms` +
    (split.mainThreadBusy === undefined ? '' : `; main thread busy ${fmt(100 * split.mainThreadBusy)} % of the time`)
  );
}
