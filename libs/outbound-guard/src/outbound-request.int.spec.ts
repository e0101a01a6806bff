import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver } from '@vigil/testing';
import { LOCALHOST_CERT, LOCALHOST_KEY } from './testing/tls-fixture';
import { parseOutboundAllowlist } from './address-policy';
import type { Resolver } from './destination';
import { OutboundError } from './outbound.errors';
import { outboundRequest } from './outbound-request';

// Tests allowlist loopback: every receiver here listens on 127.0.0.0/8.
const loopback = parseOutboundAllowlist('127.0.0.0/8');
const receivers: HttpReceiver[] = [];

async function receiver(...args: Parameters<typeof startHttpReceiver>): Promise<HttpReceiver> {
  const started = await startHttpReceiver(...args);
  receivers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((started) => started.close()));
});

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('outboundRequest against loopback servers', () => {
  it('sends to an allowlisted address and returns the answer', async () => {
    const target = await receiver({ handler: (_request, response) => response.writeHead(201, { 'x-answer': 'yes' }).end('created') });
    const response = await outboundRequest(`${target.url}/hook?a=1`, {
      policy: loopback,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"hello":"world"}',
    });
    expect(response).toMatchObject({ status: 201, truncated: false, finalUrl: `${target.url}/hook?a=1`, address: '127.0.0.1', redirects: 0 });
    expect(response.headers['x-answer']).toBe('yes');
    expect(response.body.toString()).toBe('created');
    expect(target.requests[0]).toMatchObject({ method: 'POST', path: '/hook?a=1' });
    expect(target.requests[0]?.body.toString()).toBe('{"hello":"world"}');
  });

  it('reaches an IPv6 literal only when its range is allowlisted', async () => {
    const target = await receiver({ host: '::1', handler: (_request, response) => response.end('v6') });
    const allowed = await outboundRequest(`${target.url}/x`, { policy: parseOutboundAllowlist('::1/128') });
    expect(allowed).toMatchObject({ status: 200, address: '::1' });
    expect(allowed.body.toString()).toBe('v6');
    const refused = await failure(outboundRequest(target.url, { policy: loopback }));
    expect(refused).toMatchObject({ code: 'OUTBOUND_BLOCKED', details: { address: '::1', reason: 'loopback' } });
    expect(target.connections()).toBe(1);
  });

  it('refuses loopback without the allowlist, before connecting', async () => {
    const target = await receiver();
    const error = await failure(outboundRequest(target.url, { policy: { allow: [] } }));
    expect(error.code).toBe('OUTBOUND_BLOCKED');
    expect(error.message).toBe('127.0.0.1 is a loopback address; an admin can allow it with OUTBOUND_ALLOWLIST (a CIDR or the host name)');
    expect(target.connections()).toBe(0);
  });

  it('re-checks every redirect hop and refuses one to a blocked address', async () => {
    const target = await receiver({ handler: (_request, response) => response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end() });
    const error = await failure(outboundRequest(target.url, { policy: loopback, maxRedirects: 3 }));
    expect(error).toMatchObject({ code: 'OUTBOUND_BLOCKED', details: { address: '169.254.169.254', reason: 'cloud-metadata' } });

    const onlyFirst = await receiver({ handler: (_request, response) => response.writeHead(307, { location: 'http://127.0.0.2:1/' }).end() });
    const narrow = parseOutboundAllowlist('127.0.0.1/32');
    const second = await failure(outboundRequest(onlyFirst.url, { policy: narrow, maxRedirects: 1 }));
    expect(second).toMatchObject({ code: 'OUTBOUND_BLOCKED', details: { address: '127.0.0.2', reason: 'loopback' } });
  });

  it('follows allowed redirects up to the limit, turning a 303 into a GET and dropping credentials across origins', async () => {
    const final = await receiver({ handler: (_request, response) => response.end('landed') });
    const middle = await receiver({ handler: (_request, response) => response.writeHead(303, { location: `${final.url}/done` }).end() });
    const response = await outboundRequest(`${middle.url}/start`, {
      policy: loopback,
      method: 'POST',
      headers: { authorization: 'Bearer secret', 'x-trace': '1' },
      body: 'payload',
      maxRedirects: 2,
    });
    expect(response).toMatchObject({ status: 200, finalUrl: `${final.url}/done`, redirects: 1 });
    expect(final.requests[0]).toMatchObject({ method: 'GET', path: '/done' });
    expect(final.requests[0]?.headers.authorization).toBeUndefined();
    expect(final.requests[0]?.headers['x-trace']).toBe('1');

    const loop = await receiver({ handler: (_request, response) => response.writeHead(301, { location: '/again' }).end() });
    const error = await failure(outboundRequest(loop.url, { policy: loopback, maxRedirects: 2 }));
    expect(error.code).toBe('OUTBOUND_TOO_MANY_REDIRECTS');
    expect(loop.requests).toHaveLength(3);
  });

  it('returns a redirect as it is when redirects are off (the webhook default)', async () => {
    const target = await receiver({ handler: (_request, response) => response.writeHead(308, { location: 'https://elsewhere.example/' }).end() });
    const response = await outboundRequest(target.url, { policy: loopback, method: 'POST', body: '{}' });
    expect(response).toMatchObject({ status: 308, redirects: 0 });
    expect(response.headers.location).toBe('https://elsewhere.example/');
  });

  it('connects to the address it checked even when the name resolves elsewhere later (DNS rebinding)', async () => {
    // The checked address is 127.0.0.2; "localhost" itself (and a second answer) points at 127.0.0.1,
    // where another server listens on the same port. A client that looked the name up again would land there.
    const checked = await receiver({ host: '127.0.0.2' });
    const rebound = await receiver({ host: '127.0.0.1', port: checked.port });
    let lookups = 0;
    const rebinding: Resolver = async () => {
      lookups += 1;
      return [{ address: lookups === 1 ? '127.0.0.2' : '127.0.0.1', family: 4 }];
    };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // A fresh request per attempt resolves again; within one request the name is resolved once.
      lookups = 0;
      const response = await outboundRequest(`http://localhost:${checked.port}/`, { policy: loopback, resolver: rebinding });
      expect(response.address).toBe('127.0.0.2');
      expect(lookups).toBe(1);
    }
    expect(checked.connections()).toBe(3);
    expect(rebound.connections()).toBe(0);
    // The Host header (and, for https, the TLS server name) stays the URL's name.
    expect(checked.requests[0]?.headers.host).toBe(`localhost:${checked.port}`);
  });

  it('opens a fresh connection per request, to the pinned address, and closes it once the request is over', async () => {
    // A probe measures a whole exchange (connect, TLS, answer) and reads the certificate of its own
    // connection, so nothing is kept alive between requests, even to the same origin.
    const sockets: Socket[] = [];
    const server = createHttpServer((_request, response) => response.end('ok'));
    server.on('connection', (socket: Socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.3', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const connected: (string | undefined)[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await outboundRequest(`http://localhost:${port}/`, {
          policy: loopback,
          resolver: async () => [{ address: '127.0.0.3', family: 4 }],
          agent: { onConnect: (socket) => connected.push(socket.remoteAddress) },
        });
        expect(response).toMatchObject({ status: 200, address: '127.0.0.3' });
        expect(response.body.toString()).toBe('ok');
      }
      expect(connected).toEqual(['127.0.0.3', '127.0.0.3', '127.0.0.3']);
      expect(sockets).toHaveLength(3);
      await expect.poll(() => sockets.filter((socket) => socket.destroyed).length, { timeout: 10_000 }).toBe(3);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps the host name for TLS (SNI and certificate check) while connecting to the pinned address', async () => {
    const seen: { servername: string | false | null; host: string | undefined }[] = [];
    const server = createHttpsServer({ cert: LOCALHOST_CERT, key: LOCALHOST_KEY }, (request, response) => {
      seen.push({ servername: (request.socket as TLSSocket).servername, host: request.headers.host });
      response.end('secure');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
    const { port } = server.address() as AddressInfo;
    const pinned: Resolver = async () => [{ address: '127.0.0.2', family: 4 }];
    try {
      const peers: string[] = [];
      const response = await outboundRequest(`https://localhost:${port}/`, {
        policy: loopback,
        resolver: pinned,
        agent: { tls: { ca: LOCALHOST_CERT }, onConnect: (socket) => peers.push(String((socket as TLSSocket).getPeerCertificate().subject.CN)) },
      });
      expect(response).toMatchObject({ status: 200, address: '127.0.0.2' });
      expect(seen).toEqual([{ servername: 'localhost', host: `localhost:${port}` }]);
      expect(peers).toEqual(['localhost']);

      // Without trusting the test certificate the handshake fails, reported as TLS.
      const untrusted = await failure(outboundRequest(`https://localhost:${port}/`, { policy: loopback, resolver: pinned }));
      expect(untrusted.code).toBe('OUTBOUND_TLS');
      expect(untrusted.message).toMatch(/^TLS with localhost \(127\.0\.0\.2\) failed: /);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('times out a receiver that never answers, and one that stalls in the body', async () => {
    const silent = await receiver({ handler: () => undefined });
    const started = Date.now();
    const error = await failure(outboundRequest(silent.url, { policy: loopback, timeoutMs: 300 }));
    expect(error.code).toBe('OUTBOUND_TIMEOUT');
    expect(error.message).toBe(`no complete answer from ${new URL(silent.url).host} within 300 ms`);
    expect(Date.now() - started).toBeLessThan(3_000);

    const stalling = await receiver({ handler: (_request, response) => response.writeHead(200, { 'content-length': '100' }).write('partial') });
    const stalled = await failure(outboundRequest(stalling.url, { policy: loopback, timeoutMs: 300 }));
    expect(stalled.code).toBe('OUTBOUND_TIMEOUT');
  });

  it('keeps at most maxResponseBytes of the answer', async () => {
    const big = Buffer.alloc(1024 * 1024, 'x');
    const target = await receiver({ handler: (_request, response) => response.end(big) });
    const response = await outboundRequest(target.url, { policy: loopback, maxResponseBytes: 1_000 });
    expect(response.body.length).toBe(1_000);
    expect(response.truncated).toBe(true);
    const exact = await outboundRequest(target.url, { policy: loopback, maxResponseBytes: big.length });
    expect(exact).toMatchObject({ truncated: false });
    expect(exact.body.length).toBe(big.length);
  });

  it('reports a refused connection and a reset one as OUTBOUND_CONNECT', async () => {
    const closed = await receiver();
    const port = closed.port;
    await closed.close();
    receivers.splice(receivers.indexOf(closed), 1);
    const refused = await failure(outboundRequest(`http://127.0.0.1:${port}/`, { policy: loopback }));
    expect(refused).toMatchObject({ code: 'OUTBOUND_CONNECT', details: { cause: 'ECONNREFUSED' } });
    expect(refused.message).toBe(`connection refused by 127.0.0.1 port ${port}`);

    const resetting = await receiver({ handler: (_request, _response, raw) => raw.socket.destroy() });
    const reset = await failure(outboundRequest(resetting.url, { policy: loopback }));
    expect(reset.code).toBe('OUTBOUND_CONNECT');
    expect(reset.message).toContain('closed the connection before a complete answer');
  });
});
