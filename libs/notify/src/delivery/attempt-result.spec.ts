import { describe, expect, it } from 'vitest';
import { classifyFailure, classifyResponse } from './attempt-result';

const now = new Date('2024-05-01T10:00:00Z');
const answer = (status: number, headers: Record<string, string> = {}, body = '') => classifyResponse({ status, headers, body, durationMs: 12, now });

describe('classifyResponse', () => {
  it('2xx is delivered', () => {
    expect(answer(200)).toEqual({ outcome: 'delivered', status: 200, durationMs: 12, error: null, retryAfterMs: null, circuitOpen: false });
    expect(answer(204).outcome).toBe('delivered');
  });

  it('408, 429 and 5xx are retried, with Retry-After when given', () => {
    expect(answer(500, { 'retry-after': '2' }, 'database\n  down')).toMatchObject({ outcome: 'retry', retryAfterMs: 2_000, error: 'the receiver answered 500 Internal Server Error: database down' });
    expect(answer(429, { 'retry-after': 'Wed, 01 May 2024 10:01:00 GMT' })).toMatchObject({ outcome: 'retry', retryAfterMs: 60_000 });
    expect(answer(408).outcome).toBe('retry');
    expect(answer(503).retryAfterMs).toBeNull();
  });

  it('410 is gone: the channel is turned off', () => {
    expect(answer(410)).toMatchObject({ outcome: 'gone', error: 'the receiver answered 410 Gone: the channel is turned off; turn it on again once its URL is fixed' });
  });

  it('other 4xx and redirects are rejected, not retried', () => {
    expect(answer(401, {}, '{"error":"invalid token"}')).toMatchObject({ outcome: 'rejected', error: 'the receiver answered 401 Unauthorized: {"error":"invalid token"}; not retried' });
    expect(answer(301, { location: 'https://new.example.com/hook' }).error).toBe(
      'the receiver answered 301 Moved Permanently (a redirect to https://new.example.com/hook); webhooks do not follow redirects: put the final URL in the channel',
    );
  });

  it('keeps the error text short', () => {
    expect(answer(500, {}, 'x'.repeat(10_000)).error?.length).toBeLessThanOrEqual(500);
  });
});

describe('classifyFailure', () => {
  it('retries network trouble and rejects what the outbound guard refuses', () => {
    expect(classifyFailure({ code: 'OUTBOUND_TIMEOUT', message: 'no complete answer from a within 100 ms', durationMs: 100 })).toMatchObject({ outcome: 'retry', status: null });
    for (const code of ['OUTBOUND_DNS', 'OUTBOUND_CONNECT', 'OUTBOUND_TLS', 'OUTBOUND_RESPONSE'] as const) expect(classifyFailure({ code, message: 'x', durationMs: 1 }).outcome).toBe('retry');
    for (const code of ['OUTBOUND_BLOCKED', 'OUTBOUND_INVALID_URL'] as const) expect(classifyFailure({ code, message: 'x', durationMs: 1 }).outcome).toBe('rejected');
    expect(classifyFailure({ code: null, message: 'bad secret', durationMs: 0, permanent: true }).outcome).toBe('rejected');
  });
});
