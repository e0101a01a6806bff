#!/usr/bin/env node
// Vigil's main-thread JS per metric item, stage by stage, as the server runs it for each request:
// decode (with the process' series cache), the series limiter's admit, the store's encode (with
// its written-series cache). OTLP metrics protobuf per point against remote_write per sample, on
// the bench's own bodies, one request at a time, warm caches; process CPU time, median of passes.
//   node bench/ingest/js-per-item.mjs [dist root, default this checkout's dist/server/libs]
// Runs the built libs (npx nx run standalone:build). Bounded: ~20 s.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { buildOtlpMetrics, buildRemoteWrite, ROOT } from './payloads.mjs';

const require = createRequire(resolve(ROOT, 'package.json'));
const DIST = resolve(process.argv[2] ?? resolve(ROOT, 'dist/server/libs'));
const store$ = require(`${DIST}/telemetry-store/src`);
const ingest$ = require(`${DIST}/ingest/src`);
const PROJECT = '00000000-0000-4000-8000-0000000000be';
const PASSES = 7;

const cpuUs = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** µs per item of each stage over `bodies`, median of PASSES after two warm-up passes. */
async function measure(bodies, decode, now) {
  const limits = ingest$.DEFAULT_INGEST_LIMITS;
  const limiter = new store$.SeriesLimiter({ loadActiveSeries: async () => [] }, { now: () => now });
  const encoder = new store$.MetricBatchEncoder({ now: () => now });
  const cache = decode.cache();
  const passes = [];
  for (let pass = 0; pass < PASSES + 2; pass++) {
    const spent = { decode: 0, admit: 0, encode: 0, items: 0 };
    for (const body of bodies) {
      let t = cpuUs();
      const batch = decode.run(body, limits, now, cache);
      spent.decode += cpuUs() - t;
      t = cpuUs();
      const admitted = (await limiter.admit(PROJECT, batch, store$.DEFAULT_SERIES_LIMITS)).batch;
      spent.admit += cpuUs() - t;
      t = cpuUs();
      encoder.encode(PROJECT, admitted, 30).onWritten();
      spent.encode += cpuUs() - t;
      spent.items += admitted.sampleCount;
    }
    if (pass >= 2) passes.push(spent);
  }
  const median = (stage) => passes.map((p) => p[stage] / p.items).sort((a, b) => a - b)[Math.floor(PASSES / 2)];
  return { decode: median('decode'), admit: median('admit'), encode: median('encode') };
}

const startMs = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
const now = Date.now();
const otlp = buildOtlpMetrics({ requests: 100, startMs, format: 'protobuf', prefix: 'otlppb' }).map(({ body }) => body);
const rw = buildRemoteWrite({ requests: 64, startMs }).shards.flat().map(({ body }) => body);
const results = {
  'OTLP metrics protobuf, per point': await measure(otlp, { cache: () => new ingest$.OtlpSeriesCache(), run: (body, limits, at, seriesCache) => ingest$.decodeOtlpMetrics(body, 'protobuf', limits, at, { seriesCache }) }, now),
  'remote_write, per sample': await measure(rw, { cache: () => new ingest$.DecodedSeriesCache(), run: (body, limits, at, seriesCache) => ingest$.decodeRemoteWrite(body, limits, at, { seriesCache }) }, now),
};
console.log(`Vigil's JS per item (µs of process CPU, median of ${PASSES} passes, warm caches; ${DIST})`);
for (const [what, r] of Object.entries(results)) {
  console.log(`  ${what.padEnd(34)} decode ${r.decode.toFixed(2)}  admit ${r.admit.toFixed(2)}  encode ${r.encode.toFixed(2)}  total ${(r.decode + r.admit + r.encode).toFixed(2)}`);
}
