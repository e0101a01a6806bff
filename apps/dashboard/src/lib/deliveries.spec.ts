import { describe, expect, it } from 'vitest';
import { attemptsNewestFirst, canRedeliver, describeAttempt, lastAttempt } from './deliveries';

describe('deliveries', () => {
  it('offers re-delivery for failed and dead ones only', () => {
    expect(canRedeliver('dead')).toBe(true);
    expect(canRedeliver('failed')).toBe(true);
    expect(canRedeliver('pending')).toBe(false);
    expect(canRedeliver('delivered')).toBe(false);
  });

  it('says what an attempt got back', () => {
    expect(describeAttempt({ status: 200, error: null })).toBe('HTTP 200');
    expect(describeAttempt({ status: 503, error: 'Service Unavailable' })).toBe('HTTP 503: Service Unavailable');
    expect(describeAttempt({ status: null, error: 'connect ECONNREFUSED 127.0.0.1:9' })).toBe('connect ECONNREFUSED 127.0.0.1:9');
    expect(describeAttempt({ status: null, error: null })).toBe('no answer');
  });

  it('orders attempts newest first and finds the last one', () => {
    const attempts = [
      { at: '2026-01-01T00:00:00.000Z', status: 500, error: null, durationMs: 5 },
      { at: '2026-01-01T00:00:02.000Z', status: 200, error: null, durationMs: 7 },
    ];
    expect(attemptsNewestFirst({ attempts }).map((one) => one.status)).toEqual([200, 500]);
    expect(lastAttempt({ attempts })?.status).toBe(200);
    expect(lastAttempt({ attempts: [] })).toBeUndefined();
  });
});
