#!/usr/bin/env node
// The probed targets, run as a child process of the benchmark (so its CPU is its own, and a
// failover target can be killed for real): small Node HTTP servers on `--ports` loopback ports,
// answering `GET /c/<n>` with 200 and a short body, and counting every hit per check and per
// prober (Vigil's probes by their User-Agent, everything else is blackbox_exporter). A control
// port answers `GET /stats` (hits per check in the current window, summarised) and `POST /reset`
// (a new window). Prints `READY {"ports":[…],"control":…}` once listening.
//   node bench/prober/target.mjs --ports=4 --checks=10000
//   node bench/prober/target.mjs --listen=PORT   (one server on a fixed port: a failover target restarted where it was)
import { createServer } from 'node:http';

const option = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const PORTS = option('ports', 1);
const CHECKS = option('checks', 1);
const LISTEN = option('listen', 0);

const hits = { vigil: new Uint32Array(CHECKS), blackbox: new Uint32Array(CHECKS) };
let windowStart = Date.now();

function onProbe(request, response) {
  const match = /^\/c\/(\d+)/.exec(request.url ?? '');
  const check = match ? Number(match[1]) : -1;
  if (check >= 0 && check < CHECKS) {
    const who = (request.headers['user-agent'] ?? '').startsWith('Vigil') ? 'vigil' : 'blackbox';
    hits[who][check] += 1;
  }
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 3 }).end('ok\n');
}

/** Per prober: probes in the window, and how many checks were hit how many times. */
function stats() {
  const summary = { windowMs: Date.now() - windowStart };
  for (const [who, counts] of Object.entries(hits)) {
    const byHits = {};
    let total = 0;
    for (const count of counts) {
      total += count;
      byHits[count] = (byHits[count] ?? 0) + 1;
    }
    summary[who] = { total, byHits };
  }
  return summary;
}

function onControl(request, response) {
  if (request.method === 'POST' && request.url === '/reset') {
    for (const counts of Object.values(hits)) counts.fill(0);
    windowStart = Date.now();
    response.writeHead(204).end();
  } else if (request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats()));
  } else {
    response.writeHead(404).end();
  }
}

const listen = (server, port = 0) => new Promise((done) => server.listen(port, '127.0.0.1', () => done(server.address().port)));
const ports = [];
for (let i = 0; i < PORTS; i++) ports.push(await listen(createServer({ keepAliveTimeout: 5_000 }, onProbe), i === 0 ? LISTEN : 0));
const control = await listen(createServer(onControl));
console.log(`READY ${JSON.stringify({ ports, control })}`);
