// The alerting benchmark's rules and live data: one series per rule, written every second to
// every system (the same remote_write body), a breach schedule, and the rules as Vigil's API
// takes them and as a Prometheus rule file. Deterministic (seeded), so both systems and every run
// see the same values.
import { prng, subSeed } from '../lib/prng.mjs';
import { encodeLabels, encodeWriteRequest, sortLabels } from '../lib/remote-write.mjs';

export const SEED = 20_251_126;
export const INTERVAL_SECONDS = 10;
/** Raw-threshold rules read this gauge: normal 10–30, breaching 1,000–1,010; `> 100`. */
export const RAW_METRIC = 'bench_queue_depth';
/** Window rules read this counter: +0.5–1.5 a second normally, +10,000 a second breaching; `rate > 100`. */
export const WINDOW_METRIC = 'bench_jobs_processed_total';
export const THRESHOLD = 100;
/** The window of both flavours (and the look-back of the rate). */
export const WINDOW_SECONDS = 30;

/**
 * `count` rules, alternately raw-threshold and window, each over its own series
 * (`{rule="<name>"}`), named so that the name says the flavour: bench_raw_0000, bench_win_0001, …
 */
export function makeRules(count) {
  return Array.from({ length: count }, (_, index) => {
    const flavour = index % 2 === 0 ? 'raw' : 'window';
    const name = `bench_${flavour === 'raw' ? 'raw' : 'win'}_${String(index).padStart(4, '0')}`;
    const metric = flavour === 'raw' ? RAW_METRIC : WINDOW_METRIC;
    const labels = sortLabels({ __name__: metric, job: 'alerting-bench', instance: `worker-${index % 50}`, rule: name });
    return { index, name, flavour, metric, labels };
  });
}

/**
 * The rule as `POST /api/v1/alert-rules` takes it. Raw-threshold: the last value of the series
 * (fn raw, reducer last) — evaluated at ingest. Window: the counter's rate over 30 s — evaluated
 * on its 10 s tick only. Both fire at once (`for: 0`).
 */
export function vigilRule(rule) {
  const matchers = [{ label: 'rule', op: '=', value: rule.name }];
  const query = rule.flavour === 'raw' ? { name: RAW_METRIC, matchers } : { name: WINDOW_METRIC, matchers, fn: 'rate', window: WINDOW_SECONDS * 1000 };
  return {
    name: rule.name,
    kind: 'metric_threshold',
    intervalSeconds: INTERVAL_SECONDS,
    forSeconds: 0,
    labels: { flavour: rule.flavour },
    spec: { query, windowSeconds: WINDOW_SECONDS, reducer: 'last', comparator: '>', critical: THRESHOLD },
  };
}

/** The same rule in PromQL. */
export function promqlRule(rule) {
  return rule.flavour === 'raw' ? `${RAW_METRIC}{rule="${rule.name}"} > ${THRESHOLD}` : `rate(${WINDOW_METRIC}{rule="${rule.name}"}[${WINDOW_SECONDS}s]) > ${THRESHOLD}`;
}

/** A Prometheus rule file: one group, evaluated every INTERVAL_SECONDS, every rule `for: 0s`. */
export function prometheusRuleFile(rules) {
  if (rules.length === 0) return 'groups: []\n';
  const lines = ['groups:', '  - name: alerting-bench', `    interval: ${INTERVAL_SECONDS}s`, '    rules:'];
  for (const rule of rules) {
    lines.push(`      - alert: ${rule.name}`, `        expr: '${promqlRule(rule)}'`, '        for: 0s', '        labels:', `          flavour: ${rule.flavour}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Which rules breach, in order: `breaches` of them, raw and window alternating, each flavour's
 * rules in a seeded random order.
 */
export function breachOrder(rules, breaches) {
  const random = prng(SEED);
  const shuffled = (list) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  const raw = shuffled(rules.filter((rule) => rule.flavour === 'raw'));
  const window = shuffled(rules.filter((rule) => rule.flavour === 'window'));
  const order = [];
  for (let i = 0; order.length < breaches && (i < raw.length || i < window.length); i++) {
    if (i < raw.length) order.push(raw[i]);
    if (order.length < breaches && i < window.length) order.push(window[i]);
  }
  return order;
}

/**
 * The live series: `body(tsMs, breaching)` is one remote_write request with one sample per rule's
 * series at `tsMs` (`breaching(rule)` says which series are in breach at that moment). Gauges
 * draw fresh values; counters keep counting, by 10,000 a second while in breach.
 */
export function liveSeries(rules) {
  const series = rules.map((rule) => ({ rule, bytes: encodeLabels(rule.labels), random: prng(subSeed(SEED, rule.index)), counter: 0, values: new Float64Array(1) }));
  return {
    body(tsMs, breaching) {
      for (const s of series) {
        const breach = breaching(s.rule);
        if (s.rule.flavour === 'raw') s.values[0] = breach ? 1000 + 10 * s.random() : 10 + 20 * s.random();
        else s.values[0] = s.counter += breach ? 10_000 : 0.5 + s.random();
      }
      return encodeWriteRequest(series, tsMs, 1000);
    },
  };
}
