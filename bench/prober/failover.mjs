// Failover detection time: a failover group over two loopback targets (each its own target.mjs
// process), a webhook channel to a receiver that verifies the Standard Webhooks signature, and a
// load balancer's long-poll on /active. Each cycle kills the primary (SIGKILL) at a varying
// point of its check's interval and times: the active target switched (the group's `since`), the
// signed webhook received, the long-poll answered; then restarts it on the same port and waits for
// the fail-back before the next cycle.
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { prng } from '../lib/prng.mjs';
import { forget, freePort, stopChild } from '../lib/processes.mjs';
import { startTargets } from './systems.mjs';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** A webhook receiver on loopback that verifies each request's signature once `secret` is set; `waitFor(predicate)` resolves with the first match. */
async function startSignedReceiver() {
  const received = [];
  const waiters = new Set();
  let verifier;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      let payload;
      try {
        payload = verifier.verify(body, request.headers);
      } catch (error) {
        response.writeHead(401).end(String(error));
        received.push({ at, verified: false });
        return;
      }
      response.writeHead(204).end();
      const one = { at, verified: true, payload };
      received.push(one);
      for (const waiter of waiters) if (waiter.predicate(one)) waiters.delete(waiter), waiter.done(one);
    });
  });
  const port = await freePort();
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${port}/failover`,
    received,
    setSecret: (secret) => (verifier = new Webhook(secret)),
    waitFor: (predicate, ms) => {
      const seen = received.find((one) => one.verified && predicate(one));
      if (seen) return Promise.resolve(seen);
      return new Promise((done, reject) => {
        const waiter = { predicate, done: (one) => (clearTimeout(timer), done(one)) };
        const timer = setTimeout(() => (waiters.delete(waiter), reject(new Error(`no matching webhook within ${ms} ms`))), ms);
        waiters.add(waiter);
      });
    },
    close: () => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}

/** Runs `cycles` kill → switch → webhook measurements on a running Vigil (from startVigilForProbes). */
export async function measureFailover(vigil, { cycles, intervalSeconds, timeoutMs, fall, rise, log }) {
  const receiver = await startSignedReceiver();
  const primary = await startTargets();
  const primaryPort = primary.ports[0];
  const standby = await startTargets();
  const { body: created } = await vigil.api('POST', '/api/v1/notification-channels', { name: 'load balancer', kind: 'webhook', url: receiver.url });
  receiver.setSecret(created.secret);
  const check = async (name, url) => (await vigil.api('POST', '/api/v1/checks', { name, kind: 'http', spec: { url }, intervalSeconds, timeoutMs, retries: 0 })).body.check.id;
  const group = (await vigil.api('POST', '/api/v1/failover-groups', {
    name: 'bench', fall, rise, channelIds: [created.channel.id],
    targets: [
      { name: 'primary', address: `127.0.0.1:${primaryPort}`, checkId: await check('failover primary', primary.url(0)) },
      { name: 'standby', address: `127.0.0.1:${standby.ports[0]}`, checkId: await check('failover standby', standby.url(0)) },
    ],
  })).body;
  const toTarget = (name) => (one) => one.payload.data.groupId === group.id && one.payload.data.to.name === name;
  await receiver.waitFor(toTarget('primary'), 60_000);
  const boundMs = fall * intervalSeconds * 1000 + 1000;
  const random = prng(11);
  const runs = [];
  let current = primary;
  for (let cycle = 0; cycle < cycles; cycle++) {
    // Kill at a varying point of the interval (the worst case is just after a good result).
    await sleep(random() * intervalSeconds * 1000);
    const before = await vigil.api('GET', `/api/v1/failover-groups/${group.id}/active`);
    const etag = before.headers.get('etag');
    const poll = vigil.api('GET', `/api/v1/failover-groups/${group.id}/active?wait=60s`, undefined, { 'if-none-match': etag }).then((answer) => ({ at: Date.now(), answer }));
    await sleep(200); // the long-poll is waiting (a change before it subscribed is answered at once too)
    const killedAt = Date.now();
    current.child.kill('SIGKILL');
    forget(current.child);
    const webhook = await receiver.waitFor((one) => toTarget('standby')(one) && one.at >= killedAt, boundMs + 60_000);
    const polled = await poll;
    const active = (await vigil.api('GET', `/api/v1/failover-groups/${group.id}/active`)).body;
    const run = {
      switchMs: Date.parse(active.since) - killedAt,
      webhookMs: webhook.at - killedAt,
      pollMs: polled.at - killedAt,
      pollTarget: polled.answer.body?.target?.name,
    };
    runs.push(run);
    log(`  cycle ${cycle + 1}: switched after ${(run.switchMs / 1000).toFixed(1)} s, signed webhook after ${(run.webhookMs / 1000).toFixed(1)} s, long-poll answered (${run.pollTarget}) after ${(run.pollMs / 1000).toFixed(1)} s (bound ${boundMs / 1000} s)`);
    current = await startTargets({ listen: primaryPort });
    await receiver.waitFor((one) => toTarget('primary')(one) && one.at >= webhook.at, rise * intervalSeconds * 1000 + 60_000);
  }
  await stopChild(current.child);
  await stopChild(standby.child);
  await receiver.close();
  return { runs, boundMs, unverified: receiver.received.filter((one) => !one.verified).length };
}
