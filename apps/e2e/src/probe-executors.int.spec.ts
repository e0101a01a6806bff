// Lives in apps/e2e (run by the int project): it needs @vigil/testing's loopback targets, which a lib may not import.
import { dnsCheckSpecSchema, httpCheckSpecSchema, tcpCheckSpecSchema } from '@vigil/contracts';
import { assessProbe, type ProbeObservation } from '@vigil/probing';
import { type DnsServer, makeLocalhostCertificate, type ProbeTarget, startDnsServer, startHttpsTarget, startHttpTarget, startTcpTarget } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeProbe } from '@vigil/probe-executors';

// Probes against real loopback servers, through the outbound guard. Loopback is refused by
// default, so these tests allow 127.0.0.0/8 as an operator would allow a LAN.
const allowLoopback = { policy: { allow: ['127.0.0.0/8', 'localhost'] }, timeoutMs: 2_000 };
const strict = { policy: { allow: [] }, timeoutMs: 2_000 };

let http: ProbeTarget;
let tcp: ProbeTarget;
let dns: DnsServer;

beforeAll(async () => {
  http = await startHttpTarget((request, response) => {
    if (request.url === '/json') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ db: { ok: true, latency: 7 } }));
    else if (request.url === '/moved') response.writeHead(302, { location: '/json' }).end();
    else if (request.url === '/loop') response.writeHead(302, { location: '/loop' }).end();
    else if (request.url === '/echo') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.writeHead(201).end(`${request.method} ${request.headers['x-token'] ?? ''} ${body}`));
    } else if (request.url === '/stall') {
      /* never answered */
    } else response.writeHead(503).end('maintenance');
  });
  tcp = await startTcpTarget();
  dns = await startDnsServer({ 'api.example.test': ['192.0.2.10', '192.0.2.11'] });
});

afterAll(async () => {
  await http?.stop();
  await tcp?.stop();
  await dns?.stop();
});

const httpCheck = (spec: Record<string, unknown>) => ({ kind: 'http' as const, spec: httpCheckSpecSchema.parse(spec) });

describe('HTTP probes', () => {
  it('reads the status, body and time of an answer, following redirects', async () => {
    const check = httpCheck({ url: `${http.url}moved`, jsonPath: { path: '$.db.latency', op: 'lessThan', value: 10 } });
    const observation = await executeProbe(check, allowLoopback);
    expect(observation).toMatchObject({ ok: true, kind: 'http', statusCode: 200, finalUrl: `${http.url}json`, tls: null });
    expect(assessProbe(check, observation, Date.now())).toMatchObject({ status: 'up', statusCode: 200 });
  });

  it('does not follow redirects when told not to, and bounds them when it does', async () => {
    expect(await executeProbe(httpCheck({ url: `${http.url}moved`, followRedirects: false }), allowLoopback)).toMatchObject({ statusCode: 302 });
    expect(await executeProbe(httpCheck({ url: `${http.url}loop`, maxRedirects: 3 }), allowLoopback)).toMatchObject({ ok: false, code: 'OUTBOUND_TOO_MANY_REDIRECTS' });
  });

  it('sends the method, headers and body', async () => {
    const observation = await executeProbe(httpCheck({ url: `${http.url}echo`, method: 'POST', headers: { 'x-token': 'abc' }, body: 'ping' }), allowLoopback);
    expect(observation).toMatchObject({ statusCode: 201, body: 'POST abc ping' });
  });

  it('an unexpected status is down with its reason', async () => {
    const check = httpCheck({ url: `${http.url}other`, keyword: { text: 'maintenance', present: false } });
    expect(assessProbe(check, await executeProbe(check, allowLoopback), Date.now())).toMatchObject({ status: 'down', statusCode: 503, error: 'status 503 is not one of 200-399' });
  });

  it('a stalled answer times out within the check’s timeout', async () => {
    const started = Date.now();
    const observation = await executeProbe(httpCheck({ url: `${http.url}stall` }), { ...allowLoopback, timeoutMs: 300 });
    expect(observation).toMatchObject({ ok: false, code: 'OUTBOUND_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('loopback is refused unless allowed: probes go through the outbound guard', async () => {
    expect(await executeProbe(httpCheck({ url: http.url }), strict)).toMatchObject({ ok: false, code: 'OUTBOUND_BLOCKED', message: expect.stringContaining('loopback') });
    expect(await executeProbe(httpCheck({ url: 'http://169.254.169.254/latest/meta-data/' }), allowLoopback)).toMatchObject({ ok: false, code: 'OUTBOUND_BLOCKED' });
  });

  it('a refused connection is down', async () => {
    const gone = await startHttpTarget();
    await gone.stop();
    expect(await executeProbe(httpCheck({ url: gone.url }), allowLoopback)).toMatchObject({ ok: false, code: 'OUTBOUND_CONNECT', message: expect.stringContaining('refused') });
  });
});

describe('HTTPS probes', () => {
  let https: ProbeTarget;
  beforeAll(async () => {
    https = await startHttpsTarget(makeLocalhostCertificate(5));
  });
  afterAll(async () => {
    await https?.stop();
  });

  it('a certificate that does not verify fails the probe', async () => {
    expect(await executeProbe(httpCheck({ url: https.url }), allowLoopback)).toMatchObject({ ok: false, code: 'OUTBOUND_TLS' });
  });

  it('reads the peer certificate: a self-signed one expiring in 5 days is degraded when TLS errors are ignored', async () => {
    const check = httpCheck({ url: https.url, ignoreTlsErrors: true, tlsExpiryWarningDays: 0 });
    const observation = (await executeProbe(check, allowLoopback)) as Extract<ProbeObservation, { kind: 'http' }>;
    expect(observation.tls).toMatchObject({ subject: 'CN=localhost', authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect((observation.tls?.validTo ?? 0) - Date.now()).toBeGreaterThan(4 * 86_400_000);
    expect(assessProbe(check, observation, Date.now())).toMatchObject({ status: 'degraded', error: 'the TLS certificate does not verify: DEPTH_ZERO_SELF_SIGNED_CERT' });
  });
});

describe('TCP probes', () => {
  it('is up while the port accepts connections and down when it refuses them', async () => {
    const check = { kind: 'tcp' as const, spec: tcpCheckSpecSchema.parse({ host: '127.0.0.1', port: tcp.port }) };
    expect(await executeProbe(check, allowLoopback)).toMatchObject({ ok: true, kind: 'tcp' });
    await tcp.stop();
    expect(await executeProbe(check, allowLoopback)).toMatchObject({ ok: false, code: 'OUTBOUND_CONNECT', message: expect.stringContaining('refused') });
    await tcp.start();
    expect(await executeProbe(check, allowLoopback)).toMatchObject({ ok: true });
    expect(await executeProbe(check, strict)).toMatchObject({ ok: false, code: 'OUTBOUND_BLOCKED' });
  });
});

describe('DNS probes', () => {
  it('asks the given resolver and compares the answer', async () => {
    const check = { kind: 'dns' as const, spec: dnsCheckSpecSchema.parse({ name: 'api.example.test', recordType: 'A', expected: ['192.0.2.11'], resolver: dns.address }) };
    const observation = await executeProbe(check, allowLoopback);
    expect(observation).toMatchObject({ ok: true, kind: 'dns', answers: ['192.0.2.10', '192.0.2.11'] });
    expect(assessProbe(check, observation, Date.now()).status).toBe('up');
    dns.setA('api.example.test', ['192.0.2.99']);
    expect(assessProbe(check, await executeProbe(check, allowLoopback), Date.now())).toMatchObject({ status: 'down', error: 'A api.example.test answered 192.0.2.99; expected 192.0.2.11' });
  });

  it('a name that does not exist is down; a resolver the guard refuses is not asked', async () => {
    const missing = { kind: 'dns' as const, spec: dnsCheckSpecSchema.parse({ name: 'nope.example.test', resolver: dns.address }) };
    expect(await executeProbe(missing, allowLoopback)).toMatchObject({ ok: false, code: 'OUTBOUND_DNS', message: 'nope.example.test does not exist (NXDOMAIN)' });
    expect(await executeProbe(missing, strict)).toMatchObject({ ok: false, code: 'OUTBOUND_BLOCKED', message: expect.stringContaining('the resolver 127.0.0.1') });
  });
});
