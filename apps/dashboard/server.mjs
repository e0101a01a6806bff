#!/usr/bin/env node
// The dashboard's server: Next's request handler behind a plain Node HTTP server, instead of
// `next start`, for one reason: the API's sign-in limits count failures per account and client
// address (docs/architecture.md, "Sign-in limits"), and `next start` forwards a browser-sent
// X-Forwarded-For as it is (spoofable) and otherwise none (every person would share the
// dashboard's own address). Here X-Forwarded-For is set to the address of whoever connected —
// or, when that is a trusted proxy (TRUST_PROXY, as the API reads it), the nearest address in
// its X-Forwarded-For that is not itself trusted.
//
//   node apps/dashboard/server.mjs --port 3000 --host 127.0.0.1
import { createServer } from 'node:http';
import { isIP } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' }, host: { type: 'string', default: '127.0.0.1' } } });
const trusted = (process.env.DASHBOARD_TRUST_PROXY ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);

const ipv4 = (ip) => ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);

/** Whether an address is a proxy DASHBOARD_TRUST_PROXY names: loopback, linklocal, uniquelocal, an address or an IPv4 CIDR. */
function isTrusted(address) {
  const plain = address.replace(/^::ffff:/, '');
  return trusted.some((entry) => {
    if (entry === 'loopback') return plain === '::1' || plain.startsWith('127.');
    if (entry === 'linklocal') return plain.startsWith('169.254.') || /^fe80:/i.test(plain);
    if (entry === 'uniquelocal') return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(plain) || /^f[cd]/i.test(plain);
    const [network, bits] = entry.split('/');
    if (bits === undefined || isIP(plain) !== 4 || isIP(network) !== 4) return plain === network;
    const size = 2 ** (32 - Number(bits));
    return Math.floor(ipv4(plain) / size) === Math.floor(ipv4(network) / size);
  });
}

function clientAddress(request) {
  const peer = request.socket.remoteAddress ?? '';
  if (!isTrusted(peer)) return peer;
  const hops = String(request.headers['x-forwarded-for'] ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) if (!isTrusted(hops[i])) return hops[i];
  return hops[0] ?? peer;
}

/**
 * Response headers no browser may see. Next marks an answer that proxy.ts rewrote with
 * `x-middleware-rewrite: <destination>` (next/dist/server/lib/router-utils/resolve-routes.js sets it
 * with res.setHeader before the answer is written); for `/api/*` the destination is the API's
 * internal address. Next has no option to leave it out, so it is removed here, at the last moment:
 * every header, whoever set it, passes through writeHead (Node's implicit headers call it too).
 * The dashboard rewrites no pages, so Next's client router never needs it.
 */
const HIDDEN_RESPONSE_HEADERS = ['x-middleware-rewrite'];

function hideInternalHeaders(response) {
  const writeHead = response.writeHead;
  response.writeHead = function writeHeadWithoutInternals(statusCode, ...rest) {
    for (const name of HIDDEN_RESPONSE_HEADERS) this.removeHeader(name);
    const headers = typeof rest[0] === 'string' ? rest[1] : rest[0];
    if (headers && !Array.isArray(headers)) for (const name of Object.keys(headers)) if (HIDDEN_RESPONSE_HEADERS.includes(name.toLowerCase())) delete headers[name];
    return writeHead.call(this, statusCode, ...rest);
  };
}

let server;
/** Stops taking connections, lets requests in flight finish for up to 5 s, exits. */
function stop() {
  if (!server) process.exit(0);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);
// Started by `npm start` with an IPC channel: the channel closes when npm start is gone, however
// it died (SIGKILL included), and the dashboard must not outlive it (docs/architecture.md,
// "Crash hygiene"). The channel itself must not keep the process alive.
if (process.send) {
  process.channel?.unref();
  if (!process.connected) stop();
  else process.once('disconnect', stop);
}

const app = next({ dev: false, dir: dirname(fileURLToPath(import.meta.url)), hostname: values.host, port: Number(values.port) });
const handle = app.getRequestHandler();
await app.prepare();
server = createServer((request, response) => {
  request.headers['x-forwarded-for'] = clientAddress(request);
  hideInternalHeaders(response);
  void handle(request, response);
});
server.listen(Number(values.port), values.host, () => console.log(`dashboard listening on http://${values.host}:${values.port}`));
