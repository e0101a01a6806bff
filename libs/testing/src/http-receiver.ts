import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Answers one request; the body has been read already. Not answering at all is allowed (a stalled receiver). */
export type ReceiverHandler = (request: ReceivedRequest, response: ServerResponse, raw: IncomingMessage) => void;

export interface HttpReceiver {
  /** `http://host:port` (IPv6 in brackets). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  /** TCP connections accepted so far: what a test counts to see where a client really connected. */
  readonly connections: () => number;
  setHandler(handler: ReceiverHandler): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a loopback address, recording what it receives, for the int tests.
 * `port` lets a second receiver share a port on another loopback address (127.0.0.2), to catch
 * a client that connects where it should not.
 */
export async function startHttpReceiver(options: { host?: string; port?: number; handler?: ReceiverHandler } = {}): Promise<HttpReceiver> {
  const host = options.host ?? '127.0.0.1';
  let handler: ReceiverHandler = options.handler ?? ((_request, response) => response.end('ok'));
  const requests: ReceivedRequest[] = [];
  let connections = 0;
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const request = { method: raw.method ?? 'GET', path: raw.url ?? '/', headers: raw.headers, body: Buffer.concat(chunks) };
      requests.push(request);
      handler(request, response, raw);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    requests,
    connections: () => connections,
    setHandler(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
