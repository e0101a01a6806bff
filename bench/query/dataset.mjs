// The query benchmark's data: metric series at 1-minute resolution and log lines, generated
// from a seed (mulberry32), so every run (and both systems) get exactly the same samples.
// Nothing is held in memory: bodies are produced lazily, in time order, as they are sent.
import { createHash } from 'node:crypto';
import { hex, prng, subSeed } from '../lib/prng.mjs';
import { encodeLabels, encodeWriteRequest, sortLabels } from '../lib/remote-write.mjs';

export const SEED = 20_251_125;
/** Bump when the generator changes, so cached data sets are not reused by mistake. */
export const GENERATOR_VERSION = 2;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const SHAPES = {
  // 1,000 series × 30 days × 1,440 samples = 43.2 M samples; 10 M log lines.
  full: { days: 30, services: 5, routes: 3, pods: 40, series: 1000, logLines: 10_000_000, rareHits: 50, chunkMinutes: 60, logsPerRequest: 4000 },
  // 200 series × 2 days = 576 k samples; 200 k log lines.
  quick: { days: 2, services: 2, routes: 1, pods: 25, series: 200, logLines: 200_000, rareHits: 20, chunkMinutes: 120, logsPerRequest: 4000 },
};

export const SERVICES = ['checkout', 'cart', 'payments', 'catalog', 'search'];
const SERVICE_RATE = [1200, 900, 400, 2000, 1500]; // requests per minute at the daily mean
const ROUTES = [
  { method: 'GET', route: '/api/orders/{id}', weight: 0.5, median: 0.045 },
  { method: 'POST', route: '/api/orders', weight: 0.2, median: 0.12 },
  { method: 'GET', route: '/api/products', weight: 0.3, median: 0.025 },
];
/** OpenTelemetry's default explicit bucket boundaries for http.server.request.duration (seconds). */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const SIGMA = 0.6; // log-normal latency spread
export const HISTOGRAM = 'http_server_request_duration_seconds';
export const GAUGE = 'container_memory_working_set_bytes';
export const COUNTER = 'container_cpu_usage_seconds_total';
export const FILLER = 'process_open_fds';
export const RARE_TERM = 'quokka';

/**
 * Identifies a data set: cached data is reused only for the same seed, shape, generator and
 * `schema` (the ClickHouse migrations it was stored with: a migration edited in place would
 * not run again on kept data).
 */
export function datasetKey(seed, shape, schema = '') {
  return createHash('sha256').update(JSON.stringify({ seed, shape, v: GENERATOR_VERSION, schema })).digest('hex').slice(0, 12);
}

// Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7).
function phi(x) {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** 0.4 … 1.6 over a UTC day, lowest at 00:00 + 6 h… shaped like a day's traffic. */
const diurnal = (epochMinute) => 1 + 0.6 * Math.sin((2 * Math.PI * ((epochMinute % 1440) / 1440 - 0.25)));

const podName = (service, p) => `${service}-5c8d7f-${p.toString(36).padStart(3, 'x')}`;
const base = { cluster: 'prod-eu-1', namespace: 'shop' };

/**
 * The series, in groups that are generated together (a histogram's buckets, _count and _sum
 * come from the same requests). Each group: { series: [labels], make(seed) → step(epochMinute, cols, j) }.
 */
export function seriesGroups(shape) {
  const groups = [];
  const services = SERVICES.slice(0, shape.services);
  services.forEach((service, si) => {
    ROUTES.slice(0, shape.routes).forEach((route, ri) => {
      for (const code of ['200', '500']) {
        const labels = { ...base, service, http_request_method: route.method, http_route: route.route, http_response_status_code: code };
        const series = [
          ...BUCKETS.map((le) => ({ __name__: `${HISTOGRAM}_bucket`, ...labels, le: String(le) })),
          { __name__: `${HISTOGRAM}_bucket`, ...labels, le: '+Inf' },
          { __name__: `${HISTOGRAM}_count`, ...labels },
          { __name__: `${HISTOGRAM}_sum`, ...labels },
        ];
        const logBounds = BUCKETS.map(Math.log);
        groups.push({
          series,
          make(seed) {
            const random = prng(seed);
            const cum = new Float64Array(BUCKETS.length + 1);
            let count = 0;
            let sum = 0;
            return (epochMinute, cols, j) => {
              const d = diurnal(epochMinute);
              const ok = SERVICE_RATE[si] * route.weight * d * (0.85 + 0.3 * random());
              // Errors: 0.3–1.5 % of the traffic, more at peak load, in bursts.
              const n = Math.round(code === '200' ? ok : ok * (0.003 + 0.006 * d * d) * (0.3 + 1.4 * random()));
              const median = route.median * (1 + 0.4 * (d - 1)) * (0.9 + 0.2 * random()) * (code === '500' ? 2.5 : 1);
              const lm = Math.log(median);
              for (let b = 0; b < BUCKETS.length; b++) cum[b] += Math.round(n * phi((logBounds[b] - lm) / SIGMA));
              cum[BUCKETS.length] += n;
              count += n;
              sum += n * median * Math.exp((SIGMA * SIGMA) / 2);
              for (let b = 0; b <= BUCKETS.length; b++) cols[b][j] = cum[b];
              cols[BUCKETS.length + 1][j] = count;
              cols[BUCKETS.length + 2][j] = sum;
            };
          },
        });
      }
    });
  });
  for (let p = 0; p < shape.pods; p++) {
    services.forEach((service) => {
      const labels = { ...base, service, pod: podName(service, p), zone: p % 2 === 0 ? 'eu-1a' : 'eu-1b' };
      groups.push({
        series: [{ __name__: GAUGE, ...labels }],
        make(seed) {
          const random = prng(seed);
          const baseBytes = (256 + 512 * random()) * 2 ** 20;
          let walk = 0;
          return (epochMinute, cols, j) => {
            walk = Math.max(-baseBytes / 4, Math.min(baseBytes / 4, walk + (random() - 0.5) * 4 * 2 ** 20));
            cols[0][j] = Math.round(baseBytes * (1 + 0.15 * (diurnal(epochMinute) - 1)) + walk);
          };
        },
      });
      groups.push({
        series: [{ __name__: COUNTER, ...labels }],
        make(seed) {
          const random = prng(seed);
          const factor = 0.5 + random();
          let total = 1000 * random();
          return (epochMinute, cols, j) => {
            total += 60 * factor * (0.05 + 0.4 * diurnal(epochMinute) * (0.8 + 0.4 * random()));
            cols[0][j] = total;
          };
        },
      });
    });
  }
  const used = groups.reduce((n, g) => n + g.series.length, 0);
  for (let i = 0; i < shape.series - used; i++) {
    const service = services[i % services.length];
    groups.push({
      series: [{ __name__: FILLER, ...base, service, pod: podName(service, Math.floor(i / services.length)) }],
      make(seed) {
        const random = prng(seed);
        let fds = 40 + Math.floor(random() * 200);
        return (_epochMinute, cols, j) => {
          fds = Math.max(20, Math.min(1000, fds + Math.round((random() - 0.5) * 6)));
          cols[0][j] = fds;
        };
      },
    });
  }
  return groups.map((g, index) => ({ ...g, index, series: g.series.map(sortLabels) }));
}

export const SHARDS = 8;

/**
 * remote_write bodies of one shard, lazily, in time order: every series of the shard (each
 * series on one shard, as Prometheus' queue manager does) for `chunkMinutes` minutes.
 */
export function* shardBodies({ seed, shape, startMs, shard, groups = seriesGroups(shape) }) {
  const mine = shardGroups(groups)[shard];
  const steppers = mine.map((g) => g.make(subSeed(seed, g.index)));
  const series = mine.flatMap((g) => g.series.map((labels) => ({ bytes: encodeLabels(labels) })));
  const total = shape.days * 1440;
  const startMinute = startMs / MINUTE_MS;
  for (let c0 = 0; c0 < total; c0 += shape.chunkMinutes) {
    const k = Math.min(shape.chunkMinutes, total - c0);
    const cols = series.map(() => new Float64Array(k));
    const groupCols = [];
    for (let g = 0, s = 0; g < mine.length; s += mine[g].series.length, g++) groupCols.push(cols.slice(s, s + mine[g].series.length));
    for (let j = 0; j < k; j++) for (let g = 0; g < mine.length; g++) steppers[g](startMinute + c0 + j, groupCols[g], j);
    const body = encodeWriteRequest(series.map((x, i) => ({ bytes: x.bytes, values: cols[i] })), startMs + c0 * MINUTE_MS, MINUTE_MS);
    yield { body, items: series.length * k };
  }
}

/** Groups per shard, balanced by series count (largest groups first, each to the lightest shard). */
export function shardGroups(groups) {
  const shards = Array.from({ length: SHARDS }, () => ({ groups: [], series: 0 }));
  const order = [...groups].sort((a, b) => b.series.length - a.series.length || a.index - b.index);
  for (const g of order) {
    const lightest = shards.reduce((best, s) => (s.series < best.series ? s : best));
    lightest.groups.push(g);
    lightest.series += g.series.length;
  }
  return shards.map((s) => s.groups.sort((a, b) => a.index - b.index));
}

// ---------------------------------------------------------------- logs

const SEVERITIES = [['info', 0.7], ['debug', 0.15], ['warn', 0.1], ['error', 0.05]];
const ENTITIES = ['order', 'cart', 'product', 'invoice', 'shipment', 'user', 'session', 'coupon', 'review', 'payment'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
const DEPENDENCIES = ['payments', 'inventory', 'postgres', 'redis', 'kafka', 'search-api', 'shipping-api', 'auth'];
const REASONS = ['connection reset by peer', 'deadline exceeded', 'no healthy upstream', 'connection refused', 'timeout while reading response headers', 'certificate verify failed', 'too many open files'];
const FLAGS = ['new-checkout', 'dark-mode', 'fast-search', 'one-click', 'recommendations-v2'];
const STATES = ['created', 'paid', 'shipped', 'cancelled', 'refunded'];
const TABLES = ['orders', 'carts', 'products', 'users', 'sessions', 'payments'];
const OPERATIONS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
const VERBS = ['load', 'save', 'update', 'validate', 'serialize', 'publish'];
const STATUSES = ['200', '200', '200', '201', '204', '301', '400', '404'];

const pick = (random, list) => list[Math.floor(random() * list.length)];

function message(random, severity, service) {
  const route = ROUTES[Math.floor(random() * ROUTES.length)];
  const id = Math.floor(random() * 1_000_000);
  switch (severity) {
    case 'info': {
      const r = random();
      if (r < 0.6) {
        const status = pick(random, STATUSES);
        return [`${route.method} ${route.route.replace('{id}', String(id))} ${status} in ${1 + Math.floor(random() * 400)}ms user=u${Math.floor(random() * 50_000)} request_id=${hex(random, 16)}`, { 'http.route': route.route, 'http.response.status_code': status }];
      }
      if (r < 0.8) return [`cache ${random() < 0.8 ? 'hit' : 'miss'} for key ${pick(random, ENTITIES)}:${id} in ${pick(random, REGIONS)}`, {}];
      return [`${pick(random, ENTITIES)} ${id} ${pick(random, STATES)} for customer c${Math.floor(random() * 100_000)} total=${(random() * 500).toFixed(2)} EUR`, {}];
    }
    case 'debug':
      return random() < 0.6
        ? [`db query ${pick(random, OPERATIONS)} ${pick(random, TABLES)} took ${Math.floor(random() * 80)}ms rows=${Math.floor(random() * 200)}`, { 'db.system': 'postgresql' }]
        : [`feature flag ${pick(random, FLAGS)} evaluated to ${random() < 0.5} for user u${Math.floor(random() * 50_000)}`, {}];
    case 'warn':
      return random() < 0.6
        ? [`slow request to ${pick(random, DEPENDENCIES)} took ${500 + Math.floor(random() * 4000)}ms retry ${1 + Math.floor(random() * 3)} of 3`, { 'peer.service': pick(random, DEPENDENCIES) }]
        : [`connection pool ${pick(random, DEPENDENCIES)} at ${70 + Math.floor(random() * 30)}% capacity on ${service}`, {}];
    default: {
      const status = String(500 + Math.floor(random() * 4));
      return random() < 0.5
        ? [`upstream ${pick(random, DEPENDENCIES)} returned ${status}: ${pick(random, REASONS)}`, { 'http.route': route.route, 'http.response.status_code': status }]
        : [`failed to ${pick(random, VERBS)} ${pick(random, ENTITIES)} ${id}: ${pick(random, REASONS)}`, { 'exception.type': 'UpstreamError' }];
    }
  }
}

/**
 * Vigil NDJSON log bodies over [startMs, endMs), in time order, `logsPerRequest` lines each.
 * About `rareHits` lines (chosen by the PRNG) carry RARE_TERM (~30 % capitalised); `stats.rare`
 * counts them.
 */
export function* logBodies({ seed, shape, startMs, endMs, stats = { rare: 0, lines: 0 } }) {
  const random = prng(subSeed(seed, 1_000_003));
  const span = endMs - startMs;
  const n = shape.logLines;
  const rareChance = shape.rareHits / n;
  const services = SERVICES.slice(0, shape.services);
  for (let i0 = 0; i0 < n; i0 += shape.logsPerRequest) {
    let text = '';
    const end = Math.min(n, i0 + shape.logsPerRequest);
    for (let i = i0; i < end; i++) {
      const timestamp = startMs + Math.floor(((i + random()) * span) / n);
      const service = services[Math.floor(random() * random() * services.length)];
      let severity = 'info';
      let r = random();
      for (const [name, share] of SEVERITIES) if ((r -= share) < 0) { severity = name; break; }
      let [body, attributes] = message(random, severity, service);
      if (random() < rareChance) {
        severity = 'error';
        // Some capitalised: the search is case-insensitive, and so must be its SQL baseline.
        const term = random() < 0.3 ? RARE_TERM[0].toUpperCase() + RARE_TERM.slice(1) : RARE_TERM;
        body = `failed to parse payload from ${pick(random, DEPENDENCIES)}: unexpected token ${term} at position ${Math.floor(random() * 4096)}`;
        attributes = { 'exception.type': 'ParseError' };
        stats.rare++;
      }
      const record = { timestamp, severity, service, message: body, attributes: { ...attributes, 'host.name': podName(service, Math.floor(random() * shape.pods)) } };
      if (random() < 0.5) Object.assign(record, { trace_id: hex(random, 32), span_id: hex(random, 16) });
      text += `${JSON.stringify(record)}\n`;
    }
    stats.lines += end - i0;
    yield { body: Buffer.from(text), items: end - i0 };
  }
}
