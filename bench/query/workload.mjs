// The query benchmark's workload, shared with bench/alerting (whose query clients loop these
// queries against Vigil): the loader that sends a data set, and the four queries.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { post } from '../lib/http.mjs';
import { fmt } from '../lib/processes.mjs';
import { COUNTER, DAY_MS, GAUGE, HISTOGRAM, HOUR_MS, MINUTE_MS, RARE_TERM, SEED, SERVICES, SHARDS, seriesGroups, shardBodies } from './dataset.mjs';

/**
 * Sends lazily generated bodies with bounded concurrency: one sender per iterator (remote_write
 * shards keep each series in time order on one sender), or `concurrency` senders sharing one
 * iterator. Retries 429/503; any other refusal stops the load (the data set would be incomplete).
 * Bounded by `loadMs`; progress is printed every `progressMs`.
 */
export async function sendAll({ label, url, headers, iterators, concurrency = iterators.length, total, check, loadMs, progressMs = 20_000, log = console.log }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const began = performance.now();
  let sent = 0;
  let retries = 0;
  let failure;
  const progress = setInterval(() => {
    const seconds = (performance.now() - began) / 1000;
    const rate = sent / seconds;
    log(`    ${label}: ${fmt(sent / 1e6, 1)} M of ${fmt(total / 1e6, 1)} M (${fmt((100 * sent) / total)} %), ${fmt(rate / 1000)} k/s, ~${fmt((total - sent) / rate / 60, 1)} min left`);
  }, progressMs);
  const deadline = began + loadMs;
  async function sender(iterator) {
    for (;;) {
      if (failure) return;
      if (performance.now() > deadline) throw new Error(`${label}: not loaded within ${loadMs / 60_000} min`);
      const next = iterator.next();
      if (next.done) return;
      for (let attempt = 0; ; attempt++) {
        const response = await post(agent, url, headers, next.value.body);
        if ((response.status === 429 || response.status === 503 || response.status === 0) && attempt < 60) {
          retries++;
          await new Promise((done) => setTimeout(done, Math.min(2000, 1000 * Number(response.headers?.['retry-after'] ?? 0.2) || 200)));
          continue;
        }
        const problem = response.status < 200 || response.status >= 300 ? `${response.status} ${response.error?.message ?? response.body.toString('utf8').slice(0, 300)}` : check?.(response, next.value);
        if (problem) throw new Error(`${label}: ${problem}`);
        sent += next.value.items;
        break;
      }
    }
  }
  try {
    const shared = iterators.length === 1 && concurrency > 1;
    await Promise.all(Array.from({ length: concurrency }, (_, i) => sender(shared ? iterators[0] : iterators[i]).catch((error) => {
      failure ??= error;
    })));
    if (failure) throw failure;
  } finally {
    clearInterval(progress);
    agent.destroy();
  }
  const seconds = (performance.now() - began) / 1000;
  log(`    ${label}: ${fmt(sent)} in ${fmt(seconds, 1)} s (${fmt(sent / seconds / 1000)} k/s${retries ? `, ${retries} retries` : ''})`);
  return { items: sent, seconds };
}

/** One lazily generated remote_write body iterator per shard, over the data set from `startMs`. */
export function remoteWriteIterators(shape, startMs) {
  const groups = seriesGroups(shape);
  return Array.from({ length: SHARDS }, (_, shard) => shardBodies({ seed: SEED, shape, startMs, shard, groups }));
}

/**
 * The four queries, each as Vigil's API call(s) and its peer: PromQL range queries that a
 * dashboard would send (several at once for the golden signals), or the SQL baseline.
 */
export function queries(manifest, shape) {
  const { startMs, endMs } = manifest;
  const service = SERVICES[0];
  const gaugeSeries = shape.services * Math.ceil(shape.pods / 2); // zone eu-1a: the even pods
  const goldenDays = Math.min(7, shape.days);
  const q1From = endMs - DAY_MS;
  const q3From = endMs - goldenDays * DAY_MS;
  const vm = (query, from, to, stepS) => ({ query, start: from / 1000, end: to / 1000, step: stepS });
  const bucketRate = `sum by (le) (rate(${HISTOGRAM}_bucket{service="${service}"}[1h]))`;
  const countRate = (extra = '') => `sum(rate(${HISTOGRAM}_count{service="${service}"${extra}}[1h]))`;
  return [
    {
      key: 'range24h',
      label: `24 h range, ${gaugeSeries} series, 1 m step`,
      what: `${GAUGE}{zone="eu-1a"} (gauge, ${gaugeSeries} of ${shape.services * shape.pods} series), raw values at 1 m over 24 h`,
      vigil: [{ path: '/api/v1/metrics/query', params: { name: GAUGE, match: ['zone="eu-1a"'], from: q1From, to: endMs, step: MINUTE_MS } }],
      // The last point at end - 1 m: Vigil's point t covers [t, t + step), so both return 1,440 points.
      vm: [vm(`${GAUGE}{zone="eu-1a"}`, q1From, endMs - MINUTE_MS, 60)],
      engine: { metric: GAUGE, label: 'zone', value: 'eu-1a', from: q1From, to: endMs, step: MINUTE_MS },
    },
    {
      key: 'range30d',
      label: `${shape.days} d range, 1 h step`,
      what: `sum by (service) (rate(${COUNTER}[1h])) over ${shape.services * shape.pods} counters, ${shape.days} d at 1 h`,
      vigil: [{ path: '/api/v1/metrics/query', params: { name: COUNTER, fn: 'rate', agg: 'sum', by: ['service'], from: startMs, to: endMs, step: HOUR_MS } }],
      vm: [vm(`sum by (service) (rate(${COUNTER}[1h]))`, startMs, endMs, 3600)],
      engine: { metric: COUNTER, from: startMs, to: endMs, lookback: startMs - HOUR_MS },
    },
    {
      key: 'golden',
      label: `golden signals, 1 service, ${goldenDays} d`,
      what: `GET /api/v1/services/${service}/signals, ${goldenDays} d at 1 h vs 5 concurrent PromQL queries (p50/p95/p99 by histogram_quantile, throughput, 5xx ratio)`,
      vigil: [{ path: `/api/v1/services/${service}/signals`, params: { from: q3From, to: endMs, step: HOUR_MS } }],
      vm: [
        vm(`histogram_quantile(0.5, ${bucketRate})`, q3From, endMs, 3600),
        vm(`histogram_quantile(0.95, ${bucketRate})`, q3From, endMs, 3600),
        vm(`histogram_quantile(0.99, ${bucketRate})`, q3From, endMs, 3600),
        vm(countRate(), q3From, endMs, 3600),
        vm(`${countRate(', http_response_status_code=~"5.."')} / ${countRate()}`, q3From, endMs, 3600),
      ],
      engine: { buckets: `${HISTOGRAM}_bucket`, requests: `${HISTOGRAM}_count`, service, from: q3From, to: endMs, lookback: q3From - HOUR_MS },
    },
    {
      key: 'logs',
      label: `rare-term logs search, ${shape.days} d`,
      what: `GET /api/v1/logs?q=${RARE_TERM}&limit=100 over all ${fmt(shape.logLines)} lines vs hand-written SQL on the same chDB data`,
      vigil: [{ path: '/api/v1/logs', params: { from: startMs, to: endMs, q: RARE_TERM, limit: 100 } }],
      sql: { from: startMs, to: endMs, term: RARE_TERM, limit: 100 },
    },
  ];
}

/**
 * How often the engine column tries each hand-written form before it times the fastest
 * (metrics-sql-baseline.mjs): a warm-up, then `runs` timed to pick it. The chosen form has run
 * that often before its own warm-ups, so Vigil and VictoriaMetrics get as many extra warm-ups
 * (run.mjs): ClickHouse compiles an expression the 3rd time it sees it
 * (min_count_to_compile_expression, also for aggregates and sorts), and the call that compiles
 * costs ~1.8× the CPU of the others — with only 2 warm-ups that call was Vigil's 2nd timed run.
 */
export const FORM_TRIAL = { warmups: 1, runs: 5 };

export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) search.append(key, String(v));
  return search.toString();
}

