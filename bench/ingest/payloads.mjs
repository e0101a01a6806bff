// Pre-built request bodies for the ingest benchmark. Deterministic (a seeded PRNG), so the
// engine-limit child process rebuilds exactly the rows the HTTP senders sent.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ROOT } from '../lib/processes.mjs';
import { hex, prng } from '../lib/prng.mjs';
import { compressSync, encodeLabels, varintLength, writeVarint } from '../lib/remote-write.mjs';

export { ROOT };
const require = createRequire(resolve(ROOT, 'package.json'));

/** The dist build's own OTLP test encoders (protobufjs on the decoder's definitions). */
export function otlpEncoders() {
  return require(resolve(ROOT, 'dist/server/libs/ingest/src/testing/otlp-encoder.testing.js'));
}

// ---------------------------------------------------------------- remote_write

export const RW_SERIES = 10_000;
export const RW_SHARDS = 8;
const RW_STEP_MS = 500;

const RW_METRICS = [
  ['http_requests_total', 'counter'], ['http_request_duration_seconds_sum', 'counter'], ['http_request_duration_seconds_count', 'counter'],
  ['process_cpu_seconds_total', 'counter'], ['process_resident_memory_bytes', 'gauge'], ['process_open_fds', 'gauge'],
  ['go_goroutines', 'gauge'], ['go_memstats_heap_inuse_bytes', 'gauge'], ['node_cpu_seconds_total', 'counter'],
  ['node_memory_MemAvailable_bytes', 'gauge'], ['node_network_receive_bytes_total', 'counter'], ['node_network_transmit_bytes_total', 'counter'],
  ['node_filesystem_avail_bytes', 'gauge'], ['node_load1', 'gauge'], ['container_cpu_usage_seconds_total', 'counter'],
  ['container_memory_working_set_bytes', 'gauge'], ['kube_pod_container_status_restarts_total', 'counter'], ['grpc_server_handled_total', 'counter'],
  ['db_client_connections_usage', 'gauge'], ['up', 'gauge'],
];
const SERVICES = ['checkout', 'cart', 'payments', 'catalog', 'search', 'users', 'auth', 'shipping', 'email', 'frontend'];
const NAMESPACES = ['shop', 'platform', 'payments', 'web', 'data'];

/**
 * `count` series (10,000 by default): 20 metric families × count/20 pods, labels sorted by name as
 * Prometheus sends them; `prefix` keeps a scenario's metric names apart for the count-back.
 */
export function rwSeriesLabels(count = RW_SERIES, prefix = '') {
  const series = [];
  for (let i = 0; i < count; i++) {
    const [family, type] = RW_METRICS[i % RW_METRICS.length];
    const name = `${prefix}${family}`;
    const pod = Math.floor(i / RW_METRICS.length); // 0..count/20 - 1
    const service = SERVICES[pod % SERVICES.length];
    const labels = {
      __name__: name,
      cluster: `prod-eu-${(pod % 3) + 1}`,
      container: service,
      instance: `10.${42 + Math.floor(pod / 50_000)}.${Math.floor(pod / 200) % 250}.${pod % 200}:9090`,
      job: `kubernetes-pods/${service}`,
      namespace: NAMESPACES[pod % NAMESPACES.length],
      pod: `${service}-7d9f${(pod * 7919).toString(16).padStart(4, '0').slice(-4)}-${(pod * 104729).toString(36).slice(-5).padStart(5, 'x')}`,
      service,
    };
    if (family.startsWith('http_')) labels.code = ['200', '201', '404', '500'][pod % 4];
    if (family === 'node_cpu_seconds_total') labels.mode = ['user', 'system', 'idle', 'iowait'][pod % 4];
    series.push({ labels: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))), counter: type === 'counter' });
  }
  return series;
}

/** Series per request: a shard's series are sent in groups of this many (all of them at 10,000 series). */
const RW_SERIES_PER_REQUEST = RW_SERIES / RW_SHARDS;

/**
 * remote_write requests, snappy-compressed WriteRequest protobuf (hand-encoded: labels once per
 * series, then 18 bytes per sample). Series are split into 8 shards as Prometheus' queue
 * manager does, so each series' samples arrive in time order from one sender; a request carries
 * 1,250 series of its shard (at 10,000 series: every series of the shard; at 100,000: the
 * shard's series in 10 groups, in turn) with 2..8 samples each (2,500–10,000 samples).
 * Returns { shards: [[{ body, items }]], samples }.
 */
export function buildRemoteWrite({ requests, startMs, series: seriesCount = RW_SERIES, prefix = '' }) {
  const random = prng(42);
  const series = rwSeriesLabels(seriesCount, prefix).map((s) => ({ ...s, bytes: encodeLabels(s.labels), value: random() * 1000 }));
  const shards = Array.from({ length: RW_SHARDS }, () => []);
  const members = Array.from({ length: RW_SHARDS }, () => []);
  series.forEach((s, i) => members[i % RW_SHARDS].push(s));
  const groups = members.map((shardSeries) => Array.from({ length: Math.ceil(shardSeries.length / RW_SERIES_PER_REQUEST) }, (_, g) => shardSeries.slice(g * RW_SERIES_PER_REQUEST, (g + 1) * RW_SERIES_PER_REQUEST)));
  const perShard = Math.ceil(requests / RW_SHARDS);
  let samples = 0;
  for (let shard = 0; shard < RW_SHARDS; shard++) {
    let ts = startMs;
    for (let r = 0; r < perShard; r++) {
      const group = groups[shard][r % groups[shard].length];
      // Time advances once every group of the shard has been sent.
      const round = Math.floor(r / groups[shard].length);
      const k = 2 + ((round * 5 + shard) % 7); // 2..8 samples per series
      const sampleBytes = 18 * k;
      let total = 0;
      for (const s of group) {
        const inner = s.bytes.length + sampleBytes;
        total += 1 + varintLength(inner) + inner;
      }
      const body = Buffer.allocUnsafe(total);
      let o = 0;
      for (const s of group) {
        const inner = s.bytes.length + sampleBytes;
        body[o++] = 0x0a; // WriteRequest.timeseries
        o = writeVarint(body, o, inner);
        o += s.bytes.copy(body, o);
        for (let j = 0; j < k; j++) {
          s.value = s.counter ? s.value + random() * 10 : random() * 1000;
          body[o++] = 0x12; // TimeSeries.samples
          body[o++] = 16;
          body[o++] = 0x09; // Sample.value (double)
          o = body.writeDoubleLE(s.value, o);
          body[o++] = 0x10; // Sample.timestamp (varint; 6 bytes for ms since 1970 until 2527)
          o = writeVarint(body, o, ts + j * RW_STEP_MS);
        }
      }
      if (o !== total) throw new Error(`remote_write encoder: wrote ${o} of ${total} bytes`);
      if ((r + 1) % groups[shard].length === 0) ts += k * RW_STEP_MS;
      const items = group.length * k;
      samples += items;
      shards[shard].push({ body: compressSync(body), items });
    }
  }
  return { shards, samples };
}

// ---------------------------------------------------------------- OTLP metrics

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const ROUTES = ['/api/orders', '/api/orders/{id}', '/api/cart', '/api/cart/items', '/api/products', '/api/products/{id}', '/api/search', '/api/users/{id}', '/api/login', '/healthz'];
const STATUSES = [200, 201, 400, 404, 500];

const strAttr = (key, value) => ({ key, value: { stringValue: value } });

/**
 * OTLP ExportMetricsServiceRequest: one resource (5 services in turn), 10 metrics (5 gauges, 5
 * cumulative monotonic sums) × 200 attribute sets = 2,000 data points per request, as an SDK's
 * periodic reader exports them; 10,000 series in all. `prefix` names the metrics (kept apart per
 * scenario for the count-back). `exportsPerRequest` > 1 sends that many consecutive exports as
 * one request of as many resources, as an OpenTelemetry Collector between the SDKs and Vigil
 * forwards them: its batch processor sends once `send_batch_size` (default 8,192) points wait,
 * so 5 exports of 2,000 make each request 10,000 points (the same points, timestamps and values).
 */
export function buildOtlpMetrics({ requests, startMs, format, prefix, exportsPerRequest = 1 }) {
  const { encodeOtlpMetrics } = otlpEncoders();
  const random = prng(7);
  const attrSets = [];
  for (const method of METHODS) for (const route of ROUTES) for (const status of STATUSES) attrSets.push([strAttr('http.request.method', method), strAttr('http.route', route), { key: 'http.response.status_code', value: { intValue: status } }]);
  const counters = new Float64Array(5 * 5 * attrSets.length);
  const out = [];
  const exports = requests * exportsPerRequest;
  let resources = [];
  for (let r = 0; r < exports; r++) {
    const s = r % 5;
    const timeUnixNano = `${startMs + Math.floor(r / 5) * 1000}000000`;
    const metrics = [];
    for (let m = 0; m < 10; m++) {
      const gauge = m < 5;
      const dataPoints = attrSets.map((attributes, a) => {
        let value;
        if (gauge) value = random() * 100;
        else {
          const idx = (s * 5 + (m - 5)) * attrSets.length + a;
          counters[idx] += Math.floor(random() * 20);
          value = counters[idx];
        }
        return { attributes, startTimeUnixNano: `${startMs - 3_600_000}000000`, timeUnixNano, asDouble: value };
      });
      const name = `${prefix}.${gauge ? ['cpu.utilization', 'memory.usage', 'queue.depth', 'pool.connections', 'cache.size'][m] : ['http.server.requests', 'http.server.bytes', 'db.client.calls', 'cache.hits', 'jobs.processed'][m - 5]}`;
      metrics.push(gauge ? { name, gauge: { dataPoints } } : { name, sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints } });
    }
    resources.push({
      resource: { attributes: [strAttr('service.name', SERVICES[s]), strAttr('service.instance.id', `${SERVICES[s]}-0`), strAttr('deployment.environment', 'prod'), strAttr('host.name', `node-${s}`)] },
      scopeMetrics: [{ scope: { name: 'vigil-bench', version: '1.0.0' }, metrics }],
    });
    if (resources.length === exportsPerRequest || r === exports - 1) {
      out.push({ body: encodeOtlpMetrics({ resourceMetrics: resources }, format), items: resources.length * 10 * attrSets.length });
      resources = [];
    }
  }
  return out;
}

// ---------------------------------------------------------------- logs

const LEVELS = [[9, 'INFO'], [9, 'INFO'], [9, 'INFO'], [5, 'DEBUG'], [13, 'WARN'], [17, 'ERROR']];

function logLine(random, i) {
  const method = METHODS[i % 4];
  const route = ROUTES[i % ROUTES.length].replace('{id}', String(Math.floor(random() * 100000)));
  const status = STATUSES[Math.floor(random() * STATUSES.length)];
  return {
    message: `${method} ${route} ${status} in ${Math.floor(random() * 900) + 1}ms user=u${Math.floor(random() * 50000)} request_id=${hex(random, 16)} bytes=${Math.floor(random() * 100000)}`,
    attributes: { 'http.request.method': method, 'http.route': ROUTES[i % ROUTES.length], 'http.response.status_code': String(status), 'client.address': `10.1.${i % 250}.${(i * 7) % 250}` },
  };
}

/** 1,000 log records per request, 5 services in turn; `service` prefixed per scenario. */
export const LOGS_PER_REQUEST = 1000;

export function buildOtlpLogs({ requests, startMs, format, servicePrefix }) {
  const { encodeOtlpLogs } = otlpEncoders();
  const random = prng(11);
  const out = [];
  for (let r = 0; r < requests; r++) {
    const service = `${servicePrefix}-${SERVICES[r % 5]}`;
    const logRecords = [];
    for (let i = 0; i < LOGS_PER_REQUEST; i++) {
      const [severityNumber, severityText] = LEVELS[i % LEVELS.length];
      const { message, attributes } = logLine(random, i);
      const ns = `${startMs + r * 10 + Math.floor(i / 100)}${String(i % 100).padStart(6, '0')}`;
      logRecords.push({
        timeUnixNano: ns,
        observedTimeUnixNano: ns,
        severityNumber,
        severityText,
        body: { stringValue: message },
        attributes: Object.entries(attributes).map(([key, value]) => strAttr(key, value)),
        traceId: hex(random, 32),
        spanId: hex(random, 16),
      });
    }
    const request = {
      resourceLogs: [{
        resource: { attributes: [strAttr('service.name', service), strAttr('host.name', `node-${r % 5}`), strAttr('deployment.environment', 'prod')] },
        scopeLogs: [{ scope: { name: 'vigil-bench' }, logRecords }],
      }],
    };
    out.push({ body: encodeOtlpLogs(request, format), items: LOGS_PER_REQUEST });
  }
  return out;
}

/** Vigil JSON logs as NDJSON, the same shape of records. */
export function buildVigilNdjson({ requests, startMs, servicePrefix }) {
  const random = prng(13);
  const out = [];
  for (let r = 0; r < requests; r++) {
    const service = `${servicePrefix}-${SERVICES[r % 5]}`;
    let text = '';
    for (let i = 0; i < LOGS_PER_REQUEST; i++) {
      const [, severity] = LEVELS[i % LEVELS.length];
      const { message, attributes } = logLine(random, i);
      text += `${JSON.stringify({ timestamp: startMs + r * 10 + Math.floor(i / 100), severity, service, message, attributes, trace_id: hex(random, 32), span_id: hex(random, 16) })}\n`;
    }
    out.push({ body: Buffer.from(text), items: LOGS_PER_REQUEST });
  }
  return out;
}
