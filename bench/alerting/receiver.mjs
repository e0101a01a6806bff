// A loopback webhook receiver that records, per rule, when a notification naming it arrived.
// Both systems send Alertmanager's webhook payload (version 4: Alertmanager itself, and Vigil's
// `alertmanager` channel kind), so one parser reads both: each alert names its rule in
// `labels.alertname`. Vigil's requests also carry a `webhook-id` (the same on every retry).
import { createServer } from 'node:http';
import { freePort } from '../lib/processes.mjs';

/**
 * Starts a receiver; `arrivals` maps a rule name to its notifications ({ at, status, webhookId }),
 * `webhookIds` counts requests per `webhook-id`, `requests` counts requests, `bad` keeps bodies
 * that did not parse.
 */
export async function startReceiver(name) {
  const arrivals = new Map();
  const webhookIds = new Map();
  const stats = { requests: 0, bad: [] };
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      stats.requests++;
      response.writeHead(200).end('ok');
      const webhookId = request.headers['webhook-id'];
      if (webhookId) webhookIds.set(webhookId, (webhookIds.get(webhookId) ?? 0) + 1);
      try {
        const payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const alert of payload.alerts ?? []) {
          const rule = alert.labels?.alertname;
          if (!rule) continue;
          const list = arrivals.get(rule) ?? [];
          list.push({ at, status: alert.status, webhookId });
          arrivals.set(rule, list);
        }
      } catch (error) {
        if (stats.bad.length < 5) stats.bad.push(String(error));
      }
    });
  });
  const port = await freePort();
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  return {
    name,
    url: `http://127.0.0.1:${port}/${name}`,
    arrivals,
    webhookIds,
    stats,
    /** The firing notifications naming `rule`, in arrival order. */
    firing: (rule) => (arrivals.get(rule) ?? []).filter((one) => one.status === 'firing'),
    close: () => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}
