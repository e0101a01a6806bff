// What the raw-threshold index costs remote_write ingest (2 cores, shared). Run:
//   node libs/alerting/bench/run.mjs libs/alerting/bench/raw-threshold-index.bench.ts [rounds]
// (jiti, @vigil/* from tsconfig.base.json, without the interop proxy that would slow every
// cross-module call: see run.mjs).
//
// One remote_write request as bench/ingest sends them: 1,250 series of the 20 families × 500
// pods (8–9 labels each) × 4 samples. Per round it is decoded (Vigil's own decoder, the part of
// ingest that runs before storage, with or without its series cache) and then, in the loaded
// variants, every sample is checked against the index (checkColumnar, what ingest would call).
// The answers are checked against a brute-force match of every rule before anything is timed.
// Decoding is a fraction of a remote_write request's cost (then encoding and the insert), so
// "% of decode" overstates the share of ingest throughput.
import { type MetricSelector } from '@vigil/contracts';
import { DecodedSeriesCache, decodeRemoteWrite, DEFAULT_INGEST_LIMITS, encodeRemoteWrite, type MetricBatch, type RemoteWriteSeries } from '@vigil/ingest';
import { matchesAll, RawThresholdIndex, type RawThresholdRuleInput, severityOf } from '../src';

const FAMILIES = [
  'http_requests_total', 'http_request_duration_seconds_sum', 'http_request_duration_seconds_count', 'process_cpu_seconds_total',
  'process_resident_memory_bytes', 'process_open_fds', 'go_goroutines', 'go_memstats_heap_inuse_bytes', 'node_cpu_seconds_total',
  'node_memory_MemAvailable_bytes', 'node_network_receive_bytes_total', 'node_network_transmit_bytes_total', 'node_filesystem_avail_bytes',
  'node_load1', 'container_cpu_usage_seconds_total', 'container_memory_working_set_bytes', 'kube_pod_container_status_restarts_total',
  'grpc_server_handled_total', 'db_client_connections_usage', 'up',
];
const SERVICES = ['checkout', 'cart', 'payments', 'catalog', 'search', 'users', 'auth', 'shipping', 'email', 'frontend'];
const NAMESPACES = ['shop', 'platform', 'payments', 'web', 'data'];
const NOW = Date.now();

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}

/** Shard 0 of bench/ingest's 10,000 series (every 8th), 4 samples each, values 0–1000. */
function requestBody(): Buffer {
  const series: RemoteWriteSeries[] = [];
  for (let i = 0; i < 10_000; i += 8) {
    const name = FAMILIES[i % FAMILIES.length] as string;
    const pod = Math.floor(i / FAMILIES.length);
    const service = SERVICES[pod % SERVICES.length] as string;
    const labels: Record<string, string> = {
      __name__: name,
      cluster: `prod-eu-${(pod % 3) + 1}`,
      container: service,
      instance: `10.42.${Math.floor(pod / 200)}.${pod % 200}:9090`,
      job: `kubernetes-pods/${service}`,
      namespace: NAMESPACES[pod % NAMESPACES.length] as string,
      pod: `${service}-7d9f${(pod * 7919).toString(16).padStart(4, '0').slice(-4)}`,
      service,
    };
    if (name.startsWith('http_')) labels['code'] = ['200', '201', '404', '500'][pod % 4] as string;
    series.push({ labels, samples: [0, 1, 2, 3].map((k) => ({ value: random() * 1000, timestamp: NOW - 60_000 + k * 15_000 })) });
  }
  return encodeRemoteWrite(series);
}

const rule = (id: string, query: Partial<MetricSelector> & { name: string }, critical: number): RawThresholdRuleInput => ({ id, kind: 'metric_threshold', spec: { query, comparator: '>', critical } });

/** 1,000 rules as a project might have them: per service and namespace, per instance, and a few regex-only ones (some breach). */
function realisticRules(): RawThresholdRuleInput[] {
  const rules: RawThresholdRuleInput[] = [];
  for (let i = 0; i < 500; i++) {
    const matchers = [{ label: 'service', op: '=' as const, value: SERVICES[i % 10] as string }, { label: 'namespace', op: '=' as const, value: NAMESPACES[i % 5] as string }];
    rules.push(rule(`svc-${i}`, { name: FAMILIES[i % 20] as string, matchers }, 2000));
  }
  for (let i = 0; i < 400; i++) rules.push(rule(`inst-${i}`, { name: FAMILIES[(i * 7) % 20] as string, matchers: [{ label: 'instance', op: '=', value: `10.42.${Math.floor(i / 200)}.${i % 200}:9090` }] }, 2000));
  for (let i = 0; i < 100; i++) rules.push(rule(`re-${i}`, { name: FAMILIES[i % 20] as string, matchers: [{ label: 'job', op: '=~', value: 'kubernetes-pods/(checkout|cart)' }] }, 990));
  return rules;
}

/** 1,000 regex-only rules all on the first family: every sample of it meets all 1,000. */
function oneMetricRules(critical: number): RawThresholdRuleInput[] {
  return Array.from({ length: 1000 }, (_, i) => rule(`one-${i}`, { name: FAMILIES[0] as string, matchers: [{ label: 'pod', op: '=~', value: `${SERVICES[i % 10]}-.*` }] }, critical));
}

/** The index's answer must equal matching every rule against every sample. */
function verify(index: RawThresholdIndex, rules: RawThresholdRuleInput[], batch: MetricBatch): number {
  const expected = new Set<string>();
  for (let s = 0; s < batch.sampleCount; s++) {
    const series = batch.series[batch.sampleSeries[s] as number] as { name: string; labels: Record<string, string> };
    const value = batch.sampleValues[s] as number;
    for (const r of rules) {
      const spec = r.spec as { query: MetricSelector; comparator: '>'; critical: number };
      if (spec.query.name === series.name && matchesAll(series.labels, spec.query.matchers ?? []) && severityOf(value, spec) !== undefined) expected.add(r.id);
    }
  }
  const got = index.checkColumnar(batch.series, batch.sampleSeries, batch.sampleValues, batch.sampleCount);
  const same = got.size === expected.size && [...got].every((id) => expected.has(id));
  if (!same) throw new Error(`index answered ${got.size} rules, brute force ${expected.size}`);
  return got.size;
}

const body = requestBody();
const probe = decodeRemoteWrite(body, DEFAULT_INGEST_LIMITS, NOW);
const indexes = new Map<string, RawThresholdIndex>();
const setups: [string, RawThresholdRuleInput[]][] = [
  ['0 rules', []],
  ['1,000 rules (per service, per instance, regex)', realisticRules()],
  ['1,000 regex rules on one metric, none breached', oneMetricRules(5000)],
  ['1,000 regex rules on one metric, all breached', oneMetricRules(-1)],
];
const labelOf = new Map<RawThresholdIndex, string>();
for (const [label, rules] of setups) {
  const index = RawThresholdIndex.build(rules);
  labelOf.set(index, `${label} → ${verify(index, rules, probe)} breached`);
  indexes.set(label, index);
}

/**
 * Steady state is what ingest sees: Prometheus sends the same series every scrape, ingest's
 * DecodedSeriesCache hands out the same descriptor objects, and the index's per-series memo
 * hits. Cold: a cache-less decode, so every series is new and every matcher runs.
 */
const variants: { label: string; warm: boolean; index: RawThresholdIndex | undefined }[] = [
  { label: 'steady: decode only', warm: true, index: undefined },
  ...[...indexes.values()].map((index) => ({ label: `steady: ${labelOf.get(index)}`, warm: true, index })),
  { label: 'cold: decode only', warm: false, index: undefined },
  { label: `cold: ${labelOf.get(indexes.get(setups[1]?.[0] as string) as RawThresholdIndex)}`, warm: false, index: indexes.get(setups[1]?.[0] as string) },
];

const rounds = Number(process.argv[2] ?? 300);
const times = variants.map(() => [] as number[]);
const seriesCache = new DecodedSeriesCache();
let sink = 0;
// Steady and cold variants run in separate phases (cold decoding allocates every series and
// would tax whatever runs next with its garbage), and within a phase each round starts at
// another variant, so no variant always follows the same one.
for (const warm of [true, false]) {
  const phase = variants.map((variant, v) => ({ variant, v })).filter(({ variant }) => variant.warm === warm);
  for (let round = 0; round < rounds + 20; round++) {
    for (let k = 0; k < phase.length; k++) {
      const { variant, v } = phase[(round + k) % phase.length] as (typeof phase)[number];
      const began = performance.now();
      const batch = decodeRemoteWrite(body, DEFAULT_INGEST_LIMITS, NOW, warm ? { seriesCache } : {});
      if (variant.index) sink += variant.index.checkColumnar(batch.series, batch.sampleSeries, batch.sampleValues, batch.sampleCount).size;
      if (round >= 20) (times[v] as number[]).push(performance.now() - began); // the first 20 rounds warm the JIT and the caches
    }
  }
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
console.log(`remote_write request: ${probe.sampleCount} samples, ${probe.series.length} series, ${body.length} bytes; ${rounds} rounds`);
console.log('median per request; the extra cost is the median of each round\'s difference to the same round\'s decode-only run (paired, so drift cancels)');
let baseIndex = 0;
variants.forEach((variant, v) => {
  const ms = median(times[v] as number[]);
  if (!variant.index) baseIndex = v;
  const base = times[baseIndex] as number[];
  const extraMs = median((times[v] as number[]).map((t, round) => t - (base[round] as number)));
  const perSample = (ms * 1e6) / probe.sampleCount;
  const extra = variant.index ? `  +${((extraMs * 1e6) / probe.sampleCount).toFixed(1)} ns/sample (${((extraMs / median(base)) * 100).toFixed(1)} % of decode)` : '';
  console.log(`${variant.label.padEnd(72)} ${ms.toFixed(3)} ms  ${perSample.toFixed(0)} ns/sample${extra}`);
});
if (sink < 0) console.log(sink);
