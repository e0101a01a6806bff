import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** One request a receiver got. */
export interface ReceivedWebhook {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver did with it. */
  answered: 'ok' | 'failed' | 'reset' | 'stalled' | 'gone';
}

/** How a receiver treats request number `n` (0-based); default: answer 200. */
export type ReceiverBehaviour = (n: number, request: { headers: IncomingHttpHeaders; body: string }) => 'ok' | 'fail' | 'reset' | 'stall' | 'gone' | { status: number; retryAfter?: string };

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests answered 2xx, by `webhook-id`: how many times each notification arrived. */
  deliveredIds(): Map<string, number>;
  /** Waits until `condition` holds over what was received, or fails after `timeoutMs`. */
  waitFor(what: string, condition: (received: readonly ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
  setBehaviour(behaviour: ReceiverBehaviour): void;
  close(): Promise<void>;
}

/**
 * A webhook receiver on loopback for notification tests: records every request and answers as
 * told — 200, 500, 410 Gone, a connection reset, or a stall (the request is never answered; the
 * sender's timeout ends it).
 */
export async function startWebhookReceiver(behaviour: ReceiverBehaviour = () => 'ok'): Promise<WebhookReceiver> {
  let current = behaviour;
  const received: ReceivedWebhook[] = [];
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const decision = current(count++, { headers: request.headers, body });
      const record = (answered: ReceivedWebhook['answered']) => received.push({ at: Date.now(), headers: request.headers, body, answered });
      if (decision === 'reset') {
        record('reset');
        request.socket.destroy();
      } else if (decision === 'stall') {
        record('stalled');
      } else if (decision === 'fail') {
        record('failed');
        response.writeHead(500).end('failing on purpose');
      } else if (decision === 'gone') {
        record('gone');
        response.writeHead(410).end('gone');
      } else if (decision === 'ok') {
        record('ok');
        response.writeHead(200).end('ok');
      } else {
        record(decision.status < 300 ? 'ok' : 'failed');
        response.writeHead(decision.status, decision.retryAfter ? { 'retry-after': decision.retryAfter } : {}).end();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  return {
    url,
    received,
    deliveredIds: () => {
      const ids = new Map<string, number>();
      for (const one of received) {
        if (one.answered !== 'ok') continue;
        const id = String(one.headers['webhook-id'] ?? '');
        ids.set(id, (ids.get(id) ?? 0) + 1);
      }
      return ids;
    },
    waitFor: async (what, condition, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!condition(received)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${received.length} requests: ${received.map((one) => one.answered).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    setBehaviour: (next) => (current = next),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
