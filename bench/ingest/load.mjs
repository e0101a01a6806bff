// Closed-loop (or rate-limited) HTTP load from pre-built bodies: 8 senders on keep-alive
// connections, bounded by the number of bodies and by time.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile, post } from '../lib/http.mjs';

/**
 * `queues`: one array of { body, items } per sender (remote_write shards keep each series on
 * one sender, in time order), or a single array shared by all senders.
 * `accepted(response, item)` returns how many items the server acknowledged as stored.
 * `rate` (items/s, optional): each sender paces its queue to rate/concurrency, and latency is
 * measured from each request's scheduled time (no coordinated omission).
 * `cycle`: a sender whose queue is used up starts it again (the same bodies, sent again), so a
 * run is bounded by time alone. The result's `completions` are [ms since start, items accepted]
 * per request, for `rateAfter`.
 */
export async function runLoad({ url, headers, queues, concurrency = 8, durationMs, rate, accepted, cycle = false }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const shared = queues.length === 1 && concurrency > 1;
  let sharedNext = 0;
  const latencies = [];
  const completions = [];
  const stats = { requests: 0, acceptedItems: 0, sentItems: 0, retries: 0, errors: 0, errorSamples: [] };
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const deadline = began + durationMs;
  let lastDone = began;

  async function sender(index) {
    const queue = shared ? queues[0] : queues[index];
    let own = 0;
    let scheduledItems = 0;
    const perSenderRate = rate ? rate / concurrency : 0;
    for (;;) {
      if (performance.now() >= deadline) return;
      const next = shared ? sharedNext++ : own++;
      const item = cycle ? queue[next % queue.length] : queue[next];
      if (!item) return;
      let scheduled = performance.now();
      if (perSenderRate) {
        scheduled = began + (scheduledItems / perSenderRate) * 1000;
        scheduledItems += item.items;
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((done) => setTimeout(done, wait));
        if (performance.now() >= deadline) return;
      }
      for (let attempt = 0; ; attempt++) {
        const sent = performance.now();
        const response = await post(agent, url, headers, item.body);
        const done = performance.now();
        if ((response.status === 429 || response.status === 503) && attempt < 20 && done < deadline) {
          stats.retries++;
          const after = Math.min(1000, 1000 * Number(response.headers['retry-after'] ?? 0.1) || 100);
          await new Promise((resolve) => setTimeout(resolve, after));
          continue;
        }
        stats.requests++;
        stats.sentItems += item.items;
        latencies.push(done - (perSenderRate ? scheduled : sent));
        lastDone = Math.max(lastDone, done);
        let items = 0;
        if (response.status >= 200 && response.status < 300) items = accepted(response, item);
        else {
          items = response.status === 400 ? accepted(response, item) : 0;
          stats.errors++;
          if (stats.errorSamples.length < 3) stats.errorSamples.push(`${response.status} ${response.error?.message ?? response.body.toString('utf8').slice(0, 200)}`);
        }
        stats.acceptedItems += items;
        completions.push([done - began, items]);
        break;
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, (_, index) => sender(index)));
  agent.destroy();
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (lastDone - began) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ...stats,
    completions,
    seconds,
    rate: stats.acceptedItems / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/**
 * Items accepted per second by the requests that completed after `fromSeconds` into the run,
 * over the rest of it (to the last completion): a closed loop's rate once the server has
 * reached its steady state.
 */
export function rateAfter(result, fromSeconds) {
  const from = fromSeconds * 1000;
  let items = 0;
  let last = from;
  for (const [at, accepted] of result.completions) {
    if (at < from) continue;
    items += accepted;
    last = Math.max(last, at);
  }
  return last > from ? items / ((last - from) / 1000) : NaN;
}

/** Items accepted by the requests that completed in [fromSeconds, toSeconds) of the run. */
export function acceptedBetween(result, fromSeconds, toSeconds) {
  let items = 0;
  for (const [at, accepted] of result.completions) if (at >= fromSeconds * 1000 && at < toSeconds * 1000) items += accepted;
  return items;
}

// ---- what each protocol's answer says was stored

function varint(buffer, offset) {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = buffer[offset++];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return [value, offset];
  }
}

/** OTLP ExportXServiceResponse.partial_success.rejected_* (field 1 of field 1). */
function otlpRejectedProtobuf(body) {
  let offset = 0;
  while (offset < body.length) {
    const [key, next] = varint(body, offset);
    offset = next;
    if (key === 0x0a) {
      const [length, start] = varint(body, offset);
      const inner = body.subarray(start, start + length);
      let o = 0;
      while (o < inner.length) {
        const [k, n] = varint(inner, o);
        if (k === 0x08) return varint(inner, n)[0];
        if ((k & 7) === 2) {
          const [len, s] = varint(inner, n);
          o = s + len;
        } else if ((k & 7) === 0) o = varint(inner, n)[1];
        else return 0;
      }
      return 0;
    }
    return 0;
  }
  return 0;
}

export const ACCEPTED = {
  /** 204: all; 400 "Stored N samples, refused ..." */
  remoteWrite: (response, item) => {
    if (response.status >= 200 && response.status < 300) return item.items;
    const match = /Stored (\d+) samples/.exec(response.body.toString('utf8'));
    return match ? Number(match[1]) : 0;
  },
  otlpProtobuf: (response, item) => item.items - otlpRejectedProtobuf(response.body),
  otlpJson: (response, item) => {
    if (response.body.length === 0) return item.items;
    const partial = JSON.parse(response.body.toString('utf8')).partialSuccess ?? {};
    return item.items - Number(partial.rejectedDataPoints ?? partial.rejectedLogRecords ?? 0);
  },
  vigilLogs: (response) => Number(JSON.parse(response.body.toString('utf8')).accepted ?? 0),
};
