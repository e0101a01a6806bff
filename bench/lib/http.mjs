// Plain node:http requests on keep-alive agents (fetch's pool would hide per-request costs and
// has no per-sender socket control). Shared by the benchmarks.
import http from 'node:http';

/** POSTs `body`; resolves { status, headers, body } (status 0 and `error` on a network error). */
export function post(agent, url, headers, body) {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', (error) => resolve({ status: 0, error, body: Buffer.alloc(0) }));
    });
    request.on('error', (error) => resolve({ status: 0, error, body: Buffer.alloc(0) }));
    request.end(body);
  });
}

/** GETs `url`; resolves { status, headers, body } (status 0 on a network error or after `timeoutMs`). */
export function get(agent, url, headers = {}, timeoutMs = 60_000) {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'GET', agent, headers, timeout: timeoutMs }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', (error) => resolve({ status: 0, error, body: Buffer.alloc(0) }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ status: 0, error, body: Buffer.alloc(0) }));
    request.end();
  });
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
