import { execFileSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a probe target answers: a status and body, or a stall (no answer until the client gives up). */
export type TargetHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A loopback server that checks probe, and that a test takes down (connections refused) and brings back on the same port. */
export interface ProbeTarget {
  readonly url: string;
  readonly port: number;
  /** Requests (or connections, for TCP) served so far. */
  readonly hits: () => number;
  setHandler(handler: TargetHandler): void;
  /** Stops listening and drops open connections: the port refuses connections until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

function listenOn(server: Server | ReturnType<typeof createTcpServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function stoppable(make: () => Server | ReturnType<typeof createTcpServer>, scheme: string, onHit: () => number): Promise<ProbeTarget> {
  let server = make();
  let sockets = new Set<Socket>();
  const track = (target: Server | ReturnType<typeof createTcpServer>) =>
    target.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  track(server);
  return listenOn(server, 0).then((port) => ({
    url: `${scheme}://127.0.0.1:${port}/`,
    port,
    hits: onHit,
    setHandler: () => undefined,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      sockets = new Set();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    start: async () => {
      server = make();
      track(server);
      await listenOn(server, port);
    },
  }));
}

const ok: TargetHandler = (_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');

/** An HTTP target on loopback (default: 200 "ok"). */
export async function startHttpTarget(handler: TargetHandler = ok): Promise<ProbeTarget> {
  let current = handler;
  let hits = 0;
  const target = await stoppable(
    () =>
      createHttpServer((request, response) => {
        hits += 1;
        current(request, response);
      }),
    'http',
    () => hits,
  );
  return { ...target, setHandler: (next) => (current = next) };
}

/** An HTTPS target with the given certificate (for `localhost`). */
export async function startHttpsTarget(certificate: { cert: string; key: string }, handler: TargetHandler = ok): Promise<ProbeTarget> {
  let current = handler;
  let hits = 0;
  const target = await stoppable(
    () =>
      createHttpsServer(certificate, (request, response) => {
        hits += 1;
        current(request, response);
      }),
    'https',
    () => hits,
  );
  return { ...target, url: target.url.replace('127.0.0.1', 'localhost'), setHandler: (next) => (current = next) };
}

/** A TCP port that accepts connections (and closes them) until stopped. */
export async function startTcpTarget(): Promise<ProbeTarget> {
  let hits = 0;
  return stoppable(
    () =>
      createTcpServer((socket) => {
        hits += 1;
        socket.end();
      }),
    'tcp',
    () => hits,
  );
}

/**
 * A self-signed certificate for `localhost` valid for `days` from now, made with the openssl
 * command line (Debian's). OpenSSL 3.0 cannot back-date one, so an expired certificate is a
 * unit-test case (libs/probing), not one of these.
 */
export function makeLocalhostCertificate(days: number): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', String(days), '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DnsServer {
  /** `127.0.0.1:<port>`, as a DNS check's `resolver`. */
  readonly address: string;
  /** Sets the A records a name answers (others: NXDOMAIN). */
  setA(name: string, addresses: string[]): void;
  stop(): Promise<void>;
}

/**
 * A tiny authoritative DNS server on loopback UDP answering A queries from a table (RFC 1035
 * wire format by hand: a test needs one record type, and no DNS server package is installed).
 */
export async function startDnsServer(records: Record<string, string[]> = {}): Promise<DnsServer> {
  const table = new Map(Object.entries(records).map(([name, addresses]) => [name.toLowerCase(), addresses]));
  const socket: UdpSocket = createSocket('udp4');
  socket.on('message', (query, remote) => {
    const { name, end } = readName(query, 12);
    const type = query.readUInt16BE(end);
    const addresses = table.get(name.toLowerCase());
    const answers = type === 1 && addresses ? addresses : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(addresses === undefined ? 0x8183 : 0x8180, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const question = query.subarray(12, end + 4);
    const records = answers.map((address) => {
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0);
      record.writeUInt16BE(1, 2);
      record.writeUInt16BE(1, 4);
      record.writeUInt32BE(60, 6);
      record.writeUInt16BE(4, 10);
      address.split('.').forEach((octet, index) => record.writeUInt8(Number(octet), 12 + index));
      return record;
    });
    socket.send(Buffer.concat([header, question, ...records]), remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    setA: (name, addresses) => table.set(name.toLowerCase(), addresses),
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function readName(buffer: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let position = offset;
  while (buffer[position] !== 0) {
    const length = buffer[position] as number;
    labels.push(buffer.subarray(position + 1, position + 1 + length).toString('ascii'));
    position += 1 + length;
  }
  return { name: labels.join('.'), end: position + 1 };
}
