import { dnsCheckSpecSchema, httpCheckSpecSchema, tcpCheckSpecSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { assessDns, assessFailure, assessHttp, assessTcp, certificateWarning } from './assess-result';
import { assessProbe } from './assess-probe';
import type { HttpObservation, TlsPeer } from './observations';

const NOW = Date.UTC(2026, 0, 15, 12);
const DAY = 86_400_000;
const http = (spec: Record<string, unknown> = {}) => httpCheckSpecSchema.parse({ url: 'https://example.com/health', ...spec });
const answer = (fields: Partial<HttpObservation> = {}): HttpObservation => ({ ok: true, kind: 'http', statusCode: 200, latencyMs: 120, body: 'all good', bodyTruncated: false, finalUrl: 'https://example.com/health', tls: null, ...fields });
const cert = (fields: Partial<TlsPeer> = {}): TlsPeer => ({ validFrom: NOW - 60 * DAY, validTo: NOW + 60 * DAY, subject: 'CN=example.com', issuer: 'CN=CA', authorizationError: null, ...fields });

describe('assessHttp', () => {
  it('is up with the status code and latency of an expected answer', () => {
    expect(assessHttp(http(), answer(), NOW)).toEqual({ status: 'up', statusCode: 200, latencyMs: 120, error: '' });
  });

  it.each([
    [['200-399'], 301, 'up'],
    [['200-399'], 404, 'down'],
    [['2xx'], 204, 'up'],
    [['2xx'], 302, 'down'],
    [['200', '418'], 418, 'up'],
    [['200'], 201, 'down'],
  ])('expected %j with %i is %s', (expectedStatus, statusCode, status) => {
    expect(assessHttp(http({ expectedStatus }), answer({ statusCode }), NOW).status).toBe(status);
  });

  it('names the status and the expected set when down', () => {
    expect(assessHttp(http({ expectedStatus: ['2xx'] }), answer({ statusCode: 503 }), NOW).error).toBe('status 503 is not one of 2xx');
  });

  it('checks a keyword present, case-insensitive by default', () => {
    expect(assessHttp(http({ keyword: { text: 'ALL GOOD' } }), answer(), NOW).status).toBe('up');
    expect(assessHttp(http({ keyword: { text: 'ALL GOOD', caseSensitive: true } }), answer(), NOW)).toMatchObject({ status: 'down', error: 'the body does not contain "ALL GOOD"' });
  });

  it('checks a keyword absent', () => {
    expect(assessHttp(http({ keyword: { text: 'error', present: false } }), answer(), NOW).status).toBe('up');
    expect(assessHttp(http({ keyword: { text: 'good', present: false } }), answer(), NOW)).toMatchObject({ status: 'down', error: 'the body contains "good"' });
  });

  it('says when a missing keyword may lie past the part of the body read', () => {
    expect(assessHttp(http({ keyword: { text: 'tail' } }), answer({ body: 'head', bodyTruncated: true }), NOW).error).toContain('only the first 4 characters were read');
  });

  describe('JSON path', () => {
    const body = JSON.stringify({ status: 'ok', db: { latency: 12, replicas: ['a', 'b'] }, up: true, version: '2' });
    const judge = (jsonPath: Record<string, unknown>, fields: Partial<HttpObservation> = {}) => assessHttp(http({ jsonPath }), answer({ body, ...fields }), NOW);

    it.each([
      [{ path: '$.status' }, 'up'],
      [{ path: '$.missing' }, 'down'],
      [{ path: '$.status', op: 'equals', value: 'ok' }, 'up'],
      [{ path: '$.status', op: 'equals', value: 'degraded' }, 'down'],
      [{ path: '$.up', op: 'equals', value: true }, 'up'],
      [{ path: '$.up', op: 'equals', value: 'true' }, 'up'],
      [{ path: '$.version', op: 'equals', value: 2 }, 'down'],
      [{ path: '$.status', op: 'notEquals', value: 'down' }, 'up'],
      [{ path: '$.status', op: 'notEquals', value: 'ok' }, 'down'],
      [{ path: '$.db.replicas', op: 'contains', value: 'b' }, 'up'],
      [{ path: '$.db.replicas', op: 'contains', value: 'c' }, 'down'],
      [{ path: '$.status', op: 'contains', value: 'o' }, 'up'],
      [{ path: '$.db.latency', op: 'lessThan', value: 50 }, 'up'],
      [{ path: '$.db.latency', op: 'greaterThan', value: 50 }, 'down'],
      [{ path: '$.version', op: 'greaterThan', value: 1 }, 'up'],
      [{ path: '$.status', op: 'lessThan', value: 1 }, 'down'],
      [{ path: '$..latency' }, 'up'],
    ])('%j is %s', (jsonPath, status) => {
      expect(judge(jsonPath).status).toBe(status);
    });

    it('explains what it found', () => {
      expect(judge({ path: '$.db.latency', op: 'lessThan', value: 5 }).error).toBe('$.db.latency is 12, expected < 5');
      expect(judge({ path: '$.nothing' }).error).toBe('$.nothing matches nothing');
    });

    it('never runs script filters from the path (eval: false)', () => {
      const result = judge({ path: '$..[?(@.latency > 1)]' });
      expect(result.status).toBe('down');
      expect(result.error).toMatch(/cannot be evaluated/);
    });

    it('is down on a body that is not JSON, and says when it was cut', () => {
      expect(judge({ path: '$.a' }, { body: '<html>' }).error).toBe('the body is not JSON');
      expect(judge({ path: '$.a' }, { body: '{"a": [1,', bodyTruncated: true }).error).toContain('larger than the 9 characters read');
    });
  });

  it('is degraded when slower than the threshold, with the reason', () => {
    expect(assessHttp(http({ degradedAfterMs: 100 }), answer({ latencyMs: 250.4 }), NOW)).toEqual({ status: 'degraded', statusCode: 200, latencyMs: 250.4, error: 'responded in 250 ms (degraded above 100 ms)' });
    expect(assessHttp(http({ degradedAfterMs: 500 }), answer({ latencyMs: 250 }), NOW).status).toBe('up');
  });

  it('warns of a certificate about to expire', () => {
    expect(assessHttp(http(), answer({ tls: cert({ validTo: NOW + 5 * DAY }) }), NOW)).toMatchObject({ status: 'degraded', error: expect.stringContaining('expires in 5 days') });
    expect(assessHttp(http({ tlsExpiryWarningDays: 3 }), answer({ tls: cert({ validTo: NOW + 5 * DAY }) }), NOW).status).toBe('up');
    expect(assessHttp(http({ tlsExpiryWarningDays: 0 }), answer({ tls: cert({ validTo: NOW + DAY }) }), NOW).status).toBe('up');
  });

  it('down beats degraded: a wrong status is down however slow', () => {
    expect(assessHttp(http({ degradedAfterMs: 1 }), answer({ statusCode: 500 }), NOW).status).toBe('down');
  });

  it('joins every degraded reason', () => {
    expect(assessHttp(http({ degradedAfterMs: 1 }), answer({ tls: cert({ validTo: NOW + DAY }) }), NOW).error).toMatch(/^responded in 120 ms .*; the TLS certificate expires in 1 day/);
  });
});

describe('certificateWarning', () => {
  it('reports expired, unverified and soon-expiring certificates', () => {
    expect(certificateWarning(cert({ validTo: NOW - 2 * DAY }), 14, NOW)).toMatch(/^the TLS certificate expired 2 days ago/);
    expect(certificateWarning(cert({ authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 14, NOW)).toBe('the TLS certificate does not verify: DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(certificateWarning(cert({ validTo: NOW + 5 * 3_600_000 }), 14, NOW)).toMatch(/expires in 5 hours/);
    expect(certificateWarning(cert(), 14, NOW)).toBeNull();
  });
});

describe('assessTcp and assessDns', () => {
  it('a connection is up, degraded when slow', () => {
    const spec = tcpCheckSpecSchema.parse({ host: 'db.example.com', port: 5432, degradedAfterMs: 50 });
    expect(assessTcp(spec, { ok: true, kind: 'tcp', latencyMs: 3 })).toEqual({ status: 'up', statusCode: null, latencyMs: 3, error: '' });
    expect(assessTcp(spec, { ok: true, kind: 'tcp', latencyMs: 80 }).status).toBe('degraded');
  });

  it('DNS answers must contain every expected value, names without case or trailing dot', () => {
    const spec = dnsCheckSpecSchema.parse({ name: 'example.com', recordType: 'CNAME', expected: ['Edge.Example.NET.'] });
    expect(assessDns(spec, { ok: true, kind: 'dns', latencyMs: 4, answers: ['edge.example.net'] }).status).toBe('up');
    expect(assessDns(spec, { ok: true, kind: 'dns', latencyMs: 4, answers: ['other.example.net'] })).toMatchObject({ status: 'down', error: 'CNAME example.com answered other.example.net; expected Edge.Example.NET.' });
    expect(assessDns(spec, { ok: true, kind: 'dns', latencyMs: 4, answers: [] })).toMatchObject({ status: 'down', error: 'no CNAME record for example.com' });
  });

  it('TXT values are compared exactly', () => {
    const spec = dnsCheckSpecSchema.parse({ name: 'example.com', recordType: 'TXT', expected: ['v=spf1 -all'] });
    expect(assessDns(spec, { ok: true, kind: 'dns', latencyMs: 4, answers: ['V=SPF1 -ALL'] }).status).toBe('down');
    expect(assessDns(spec, { ok: true, kind: 'dns', latencyMs: 4, answers: ['x', 'v=spf1 -all'] }).status).toBe('up');
  });

  it('any answer is up without expectations', () => {
    expect(assessDns(dnsCheckSpecSchema.parse({ name: 'example.com' }), { ok: true, kind: 'dns', latencyMs: 4, answers: ['93.184.215.14'] }).status).toBe('up');
  });
});

describe('assessProbe', () => {
  it('a failure is down with its message and the time it took', () => {
    expect(assessFailure({ ok: false, latencyMs: 10_000, code: 'OUTBOUND_TIMEOUT', message: 'no answer in time' })).toEqual({ status: 'down', statusCode: null, latencyMs: 10_000, error: 'no answer in time' });
    expect(assessProbe({ kind: 'tcp', spec: tcpCheckSpecSchema.parse({ host: 'h', port: 1 }) }, { ok: false, latencyMs: 1, code: 'OUTBOUND_CONNECT', message: 'refused' }, NOW).status).toBe('down');
  });

  it('refuses an observation of another kind (an executor bug)', () => {
    expect(() => assessProbe({ kind: 'tcp', spec: tcpCheckSpecSchema.parse({ host: 'h', port: 1 }) }, answer(), NOW)).toThrow(/http observation for a tcp check/);
  });
});
