// Interactive load for the alerting benchmark's second run: bench/query's data set (its small
// `quick` shape: 200 series × 2 days at 1 min, 200 k log lines, seeded) loaded into the same
// Vigil, and clients looping bench/query's four queries against it through the HTTP API.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { get, percentile } from '../lib/http.mjs';
import { fmt } from '../lib/processes.mjs';
import { REMOTE_WRITE_HEADERS } from '../lib/remote-write.mjs';
import { DAY_MS, HOUR_MS, logBodies, SEED, SHAPES } from '../query/dataset.mjs';
import { queries, queryString, remoteWriteIterators, sendAll } from '../query/workload.mjs';

export const QUERY_SHAPE = SHAPES.quick;

/**
 * Loads the data set into Vigil (remote_write for the samples, NDJSON for the lines), ending at
 * the last whole hour. Two days back is inside a new project's limits (retention 30 days,
 * `max_age` 7 days), so no setting changes. Returns { startMs, endMs, loadSeconds }.
 */
export async function loadQueryData({ vigil, log }) {
  const shape = QUERY_SHAPE;
  const endMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const manifest = { startMs: endMs - shape.days * DAY_MS, endMs };
  const loadMs = 10 * 60_000;
  const began = performance.now();
  await sendAll({
    label: 'query data set, samples', url: `${vigil.url}/api/v1/write`, headers: { ...REMOTE_WRITE_HEADERS, ...vigil.auth },
    iterators: remoteWriteIterators(shape, manifest.startMs), total: shape.series * shape.days * 1440, loadMs, progressMs: 30_000, log,
  });
  await sendAll({
    label: 'query data set, log lines', url: `${vigil.url}/api/v1/ingest/logs`, headers: { 'content-type': 'application/x-ndjson', ...vigil.auth },
    iterators: [logBodies({ seed: SEED, shape, startMs: manifest.startMs, endMs: manifest.endMs })], concurrency: 4, total: shape.logLines, loadMs, progressMs: 30_000, log,
    check: (response, item) => {
      const answer = JSON.parse(response.body.toString('utf8'));
      return answer.accepted === item.items ? undefined : `accepted ${answer.accepted} of ${item.items}: ${JSON.stringify(answer.reasons)}`;
    },
  });
  return { ...manifest, loadSeconds: (performance.now() - began) / 1000 };
}

/**
 * `clients` closed loops, each sending bench/query's queries in turn (client i starts at query
 * i), until stop() or `maxMs`. Latencies and errors are counted per phase (`phase(name)` starts
 * one), so the rules' cost shows as lost query throughput where the CPU is saturated anyway.
 */
export function startQueryClients({ vigil, headers, projectId, manifest, clients = 8, maxMs }) {
  const urls = queries(manifest, QUERY_SHAPE).flatMap((q) => q.vigil.map((v) => ({ key: q.key, url: `${vigil.url}${v.path}?${queryString({ project: projectId, ...v.params })}` })));
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const phases = new Map();
  let current;
  const phase = (name) => {
    if (current) current.endedAt = performance.now();
    current = { name, began: performance.now(), endedAt: undefined, latencies: [], errors: 0, errorSamples: [] };
    phases.set(name, current);
  };
  phase('start');
  let stopped = false;
  const deadline = performance.now() + maxMs;
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let n = client; !stopped && performance.now() < deadline; n++) {
      const { url } = urls[n % urls.length];
      const t0 = performance.now();
      const response = await get(agent, url, headers, 60_000);
      const into = current;
      if (response.status === 200) into.latencies.push(performance.now() - t0);
      else {
        into.errors++;
        if (into.errorSamples.length < 3) into.errorSamples.push(`${response.status} ${response.error?.message ?? response.body.toString('utf8').slice(0, 200)}`);
        await new Promise((done) => setTimeout(done, 200));
      }
    }
  });
  return {
    queries: urls.map((u) => u.key),
    phase,
    /** Per phase: queries answered per second, p50/p95 ms, errors. */
    summary(name) {
      const p = phases.get(name);
      if (!p) return undefined;
      const seconds = ((p.endedAt ?? performance.now()) - p.began) / 1000;
      const sorted = [...p.latencies].sort((a, b) => a - b);
      return { answered: sorted.length, perSecond: sorted.length / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), errors: p.errors, errorSamples: p.errorSamples };
    },
    async stop() {
      stopped = true;
      if (current) current.endedAt = performance.now();
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

export const describeQueries = (summary) => (summary ? `${fmt(summary.perSecond, 1)} queries/s, p50 ${fmt(summary.p50)} ms, p95 ${fmt(summary.p95)} ms${summary.errors ? `, ${summary.errors} errors (${summary.errorSamples.join(' | ')})` : ''}` : '–');
