#!/usr/bin/env node
// A receiver of Vigil's failover webhook that switches an HAProxy backend through HAProxy's
// runtime API (docs/failover.md). Each target of the failover group is a `server` of the backend
// with the target's name; on a switch the new target is set `ready` and the old one `maint`.
//
//   node scripts/haproxy-failover-receiver.mjs --listen 127.0.0.1:8089 \
//     --secret-file /etc/vigil/failover.secret --haproxy 127.0.0.1:9999 --backend web
//
// --secret-file: the webhook channel's whsec_… secret (a file, so it is not on the command line).
// --haproxy: HAProxy's runtime API, `stats socket ipv4@127.0.0.1:9999 level admin` (host:port) or
// a Unix socket path. Answers 204 once HAProxy took the change, 401 for a bad signature, 502 when
// HAProxy did not answer (Vigil then retries the same webhook). A webhook older than the last one
// applied (by its `version`) is acknowledged and ignored, so a late retry never undoes a switch.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const { values: options } = parseArgs({
  options: { listen: { type: 'string', default: '127.0.0.1:8089' }, 'secret-file': { type: 'string' }, haproxy: { type: 'string' }, backend: { type: 'string' } },
});
for (const name of ['secret-file', 'haproxy', 'backend']) {
  if (!options[name]) {
    console.error(`--${name} is required (see the comment at the top of this file)`);
    process.exit(2);
  }
}
const webhook = new Webhook(readFileSync(options['secret-file'], 'utf8').trim());
const SERVER_NAME = /^[A-Za-z0-9_.:-]+$/;
const appliedVersion = new Map();

/** Sends commands to HAProxy's runtime API (one connection, `;`-separated) and answers its reply. */
function runtimeApi(commands) {
  return new Promise((resolve, reject) => {
    const address = options.haproxy;
    const [host, port] = address.includes('/') ? [undefined, undefined] : address.split(':');
    const socket = address.includes('/') ? connect(address) : connect(Number(port), host);
    let reply = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('HAProxy runtime API timed out')));
    socket.on('connect', () => socket.end(`${commands.join(';')}\n`));
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('end', () => resolve(reply.trim()));
    socket.on('error', reject);
  });
}

async function apply(event) {
  const { groupId, version, from, to } = event.data;
  if (version <= (appliedVersion.get(groupId) ?? 0)) return 'stale';
  const names = [to.name, from?.name].filter((name) => name !== undefined);
  if (!names.every((name) => SERVER_NAME.test(name))) throw new Error(`target names must be HAProxy server names: ${names.join(', ')}`);
  const commands = [`set server ${options.backend}/${to.name} state ready`];
  if (from && from.name !== to.name) commands.push(`set server ${options.backend}/${from.name} state maint`);
  const reply = await runtimeApi(commands);
  // The runtime API answers nothing on success and a sentence on an error.
  if (reply !== '') throw new Error(`HAProxy refused: ${reply}`);
  appliedVersion.set(groupId, version);
  return 'applied';
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      event = webhook.verify(body, request.headers);
    } catch {
      response.writeHead(401).end('bad signature');
      return;
    }
    if (event.type !== 'failover.switched') {
      response.writeHead(204).end();
      return;
    }
    try {
      const outcome = await apply(event);
      console.log(`${new Date().toISOString()} ${event.data.groupName}: ${outcome} → ${event.data.to.name} (version ${event.data.version}, ${event.data.reason})`);
      response.writeHead(204).end();
    } catch (error) {
      console.error(`${new Date().toISOString()} could not switch ${event.data.groupName}: ${error.message}`);
      response.writeHead(502).end(error.message);
    }
  });
});
const [listenHost, listenPort] = options.listen.split(':');
server.listen(Number(listenPort), listenHost, () => console.log(`failover receiver listening on ${options.listen}, switching HAProxy backend ${options.backend}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
