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
 */
export async function runLoad({ url, headers, queues, concurrency = 8, durationMs, rate, accepted }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const shared = queues.length === 1 && concurrency > 1;
  let sharedNext = 0;
  const latencies = [];
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
      const item = shared ? queue[sharedNext++] : queue[own++];
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
        if (response.status >= 200 && response.status < 300) stats.acceptedItems += accepted(response, item);
        else {
          const partial = response.status === 400 ? accepted(response, item) : 0;
          stats.acceptedItems += partial;
          stats.errors++;
          if (stats.errorSamples.length < 3) stats.errorSamples.push(`${response.status} ${response.error?.message ?? response.body.toString('utf8').slice(0, 200)}`);
        }
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
    seconds,
    rate: stats.acceptedItems / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
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
