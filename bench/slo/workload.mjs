// The SLO benchmark's workload: N SLOs over bench/query's histogram series (availability from
// `_count` by status code, latency from the buckets), as Vigil SLO requests and as the same SLOs
// in Sloth's recording-rule form for Prometheus; and live ingest continuing the data set.
import http from 'node:http';
import { post } from '../lib/http.mjs';
import { REMOTE_WRITE_HEADERS } from '../lib/remote-write.mjs';
import { BUCKETS, HISTOGRAM, MINUTE_MS, SEED, SERVICES, seriesGroups, SHARDS, shardBodies } from '../query/dataset.mjs';

const ROUTES = ['/api/orders/{id}', '/api/orders', '/api/products'];
const THRESHOLDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5].filter((bound) => BUCKETS.includes(bound));
const OBJECTIVES = [99, 99.5, 99.9];
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/**
 * `count` SLOs over the shape's (service, route) pairs: availability (requests not 500 / all)
 * and latency at six bucket bounds, objectives 99 / 99.5 / 99.9 %, windows rolling 30 days but
 * every tenth a calendar month and every tenth a calendar quarter (the detail's two targets).
 */
export function makeSlos(shape, count) {
  const pairs = SERVICES.slice(0, shape.services).flatMap((service) => ROUTES.slice(0, shape.routes).map((route) => ({ service, route })));
  return Array.from({ length: count }, (_, i) => {
    const { service, route } = pairs[i % pairs.length];
    const variant = Math.floor(i / pairs.length) % (1 + THRESHOLDS.length);
    const window = i % 10 === 9 ? { kind: 'calendar', unit: 'quarter', timeZone: 'UTC' } : i % 10 === 8 ? { kind: 'calendar', unit: 'month', timeZone: 'UTC' } : { kind: 'rolling', days: 30 };
    return { id: `slo-${String(i).padStart(4, '0')}`, service, route, threshold: variant === 0 ? null : THRESHOLDS[variant - 1], objective: OBJECTIVES[i % OBJECTIVES.length], window };
  });
}

const where = (slo) => [{ label: 'service', op: '=', value: slo.service }, { label: 'http_route', op: '=', value: slo.route }];

/** The SLO as Vigil's POST /api/v1/slos body. */
export function vigilSlo(slo) {
  const sli = slo.threshold === null
    ? { kind: 'ratio', bad: { name: `${HISTOGRAM}_count`, matchers: [...where(slo), { label: 'http_response_status_code', op: '=', value: '500' }] }, total: { name: `${HISTOGRAM}_count`, matchers: where(slo) } }
    : { kind: 'latency', histogram: HISTOGRAM, matchers: where(slo), threshold: slo.threshold };
  return { name: `${slo.id} ${slo.service} ${slo.route} ${slo.threshold === null ? 'availability' : `≤ ${slo.threshold} s`}`, service: slo.service, sli, objective: slo.objective, window: slo.window };
}

/** Sloth's error-ratio expression for the SLO over `w` (its `error_query` / `total_query`). */
export function errorRatio(slo, w) {
  const selector = (extra) => `{service="${slo.service}",http_route="${slo.route}"${extra}}`;
  if (slo.threshold === null) return `(sum(rate(${HISTOGRAM}_count${selector(',http_response_status_code="500"')}[${w}])))\n/\n(sum(rate(${HISTOGRAM}_count${selector('')}[${w}])))`;
  const all = `sum(rate(${HISTOGRAM}_bucket${selector(',le="+Inf"')}[${w}]))`;
  return `((${all} - sum(rate(${HISTOGRAM}_bucket${selector(`,le="${slo.threshold}"`)}[${w}]))))\n/\n(${all})`;
}

/**
 * The rule groups Sloth (v0.11) generates for one SLO, written out: the SLI error ratios over the
 * seven burn-rate windows and the 30-day period (Sloth's optimised form: the mean of the 5-minute
 * ratio), the metadata recordings (objective, budget, burn rates, budget left) and the
 * multiwindow page and ticket alerts. Evaluated every minute, as Vigil evaluates.
 */
export function slothGroups(slo) {
  const labels = { sloth_id: slo.id, sloth_service: slo.service, sloth_slo: slo.id };
  const sel = `{sloth_id="${slo.id}", sloth_service="${slo.service}", sloth_slo="${slo.id}"}`;
  const budget = Number((1 - slo.objective / 100).toPrecision(6));
  const days = slo.window.kind === 'rolling' ? slo.window.days : slo.window.unit === 'month' ? 30 : 90;
  const ratioRules = BURN_WINDOWS.map((w) => ({ record: `slo:sli_error:ratio_rate${w}`, expr: errorRatio(slo, w), labels: { ...labels, sloth_window: w } }));
  ratioRules.push({
    record: `slo:sli_error:ratio_rate${days}d`,
    expr: `sum_over_time(slo:sli_error:ratio_rate5m${sel}[${days}d])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${sel}[${days}d])`,
    labels: { ...labels, sloth_window: `${days}d` },
  });
  const on = 'on(sloth_id, sloth_slo, sloth_service) group_left';
  const meta = [
    { record: 'slo:objective:ratio', expr: `vector(${slo.objective / 100})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${slo.objective / 100})`, labels },
    { record: 'slo:time_period:days', expr: `vector(${days})`, labels },
    { record: 'slo:current_burn_rate:ratio', expr: `slo:sli_error:ratio_rate5m${sel}\n/ ${on}\nslo:error_budget:ratio${sel}`, labels },
    { record: 'slo:period_burn_rate:ratio', expr: `slo:sli_error:ratio_rate${days}d${sel}\n/ ${on}\nslo:error_budget:ratio${sel}`, labels },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${sel}`, labels },
    { record: 'sloth_slo_info', expr: 'vector(1)', labels: { ...labels, sloth_objective: String(slo.objective) } },
  ];
  const burn = (short, long, factor) => `max(slo:sli_error:ratio_rate${short}${sel} > (${factor} * ${budget})) without (sloth_window)\nand\nmax(slo:sli_error:ratio_rate${long}${sel} > (${factor} * ${budget})) without (sloth_window)`;
  const alerts = [
    { alert: `${slo.id}-page`, expr: `(${burn('5m', '1h', 14.4)})\nor\n(${burn('30m', '6h', 6)})`, labels: { severity: 'page' } },
    { alert: `${slo.id}-ticket`, expr: `(${burn('2h', '1d', 3)})\nor\n(${burn('6h', '3d', 1)})`, labels: { severity: 'ticket' } },
  ];
  return [
    { name: `sloth-slo-sli-recordings-${slo.id}`, interval: '1m', rules: ratioRules },
    { name: `sloth-slo-meta-recordings-${slo.id}`, interval: '1m', rules: meta },
    { name: `sloth-slo-alerts-${slo.id}`, interval: '1m', rules: alerts },
  ];
}

/** A Prometheus rule file (YAML is a superset of JSON: no YAML writer needed). */
export function ruleFile(slos) {
  return JSON.stringify({ groups: slos.flatMap(slothGroups) }, null, 1);
}

/**
 * Live ingest continuing the data set from `fromMs`: every `everyMs` the minutes that have ended
 * since are sent (one sample per series a minute, as the data set has), the same bodies to every
 * target. The generators start afresh at `fromMs` (a counter reset there, read as one by both).
 */
export function startLiveIngest({ shape, fromMs, targets, everyMs = 10_000, log }) {
  const liveShape = { ...shape, days: 30, chunkMinutes: 1 };
  const groups = seriesGroups(shape);
  const iterators = Array.from({ length: SHARDS }, (_, shard) => shardBodies({ seed: SEED + 1, shape: liveShape, startMs: fromMs, shard, groups }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const stats = { minutes: 0, samples: 0, failures: 0, lastError: '' };
  let next = fromMs;
  let stopped = false;
  let running = Promise.resolve();
  const tick = async () => {
    while (!stopped && next + MINUTE_MS <= Date.now()) {
      const bodies = iterators.map((iterator) => iterator.next().value);
      for (const target of targets) {
        const answers = await Promise.all(bodies.map((body) => post(agent, target.url, { ...REMOTE_WRITE_HEADERS, ...target.headers }, body.body)));
        const bad = answers.find((answer) => answer.status < 200 || answer.status >= 300);
        if (bad) stats.failures++, (stats.lastError = `${target.name}: ${bad.status} ${bad.body.toString('utf8').slice(0, 200)}`);
      }
      stats.samples += bodies.reduce((n, body) => n + body.items, 0);
      stats.minutes++;
      next += MINUTE_MS;
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick).catch((error) => log(`  live ingest: ${error.message}`));
  }, everyMs);
  // Never what keeps the process alive: a failed run exits after its cleanup.
  timer.unref();
  running = running.then(tick);
  return {
    stats,
    caughtUp: () => next + MINUTE_MS > Date.now(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => undefined);
      agent.destroy();
    },
  };
}
