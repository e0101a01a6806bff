import { describe, expect, it } from 'vitest';
import { seededRandom } from '@vigil/testing';
import { parseRetryAfter } from './retry-after';
import { DEFAULT_RETRY_POLICY, nextAttemptDelay, shouldGiveUp } from './retry-schedule';

const base = { baseMs: 1_000, capMs: 300_000 };

describe('nextAttemptDelay', () => {
  it('is full jitter: uniform in [0, min(cap, base·2^retry)]', () => {
    expect(nextAttemptDelay(0, { ...base, random: () => 0 })).toBe(0);
    expect(nextAttemptDelay(0, { ...base, random: () => 0.999999 })).toBe(1_000);
    expect(nextAttemptDelay(3, { ...base, random: () => 0.5 })).toBe(4_000);
    expect(nextAttemptDelay(20, { ...base, random: () => 0.999999 })).toBe(300_000);
    expect(nextAttemptDelay(5_000, { ...base, random: () => 0.999999 })).toBe(300_000);
  });

  it('gives the same schedule for the same seed, each delay under its ceiling', () => {
    const schedule = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 11 }, (_, retry) => nextAttemptDelay(retry, { ...base, random }));
    };
    expect(schedule(42)).toEqual(schedule(42));
    expect(schedule(42)).not.toEqual(schedule(43));
    expect(schedule(42)).toMatchInlineSnapshot(`
      [
        601,
        897,
        3410,
        5358,
        2797,
        16851,
        17486,
        79967,
        221562,
        141695,
        74977,
      ]
    `);
    for (let seed = 1; seed <= 200; seed += 1) {
      schedule(seed).forEach((delay, retry) => {
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(300_000, 1_000 * 2 ** retry));
      });
    }
  });

  it('spreads delays over the whole range (mean near half the ceiling)', () => {
    const random = seededRandom(7);
    const samples = Array.from({ length: 5_000 }, () => nextAttemptDelay(4, { ...base, random }));
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    expect(mean).toBeGreaterThan(7_500);
    expect(mean).toBeLessThan(8_500);
  });

  it('never waits less than Retry-After, capped by maxRetryAfterMs', () => {
    const random = () => 0.1;
    expect(nextAttemptDelay(0, { ...base, random }, 2_000)).toBe(2_000);
    expect(nextAttemptDelay(10, { ...base, random }, 2_000)).toBe(30_000);
    expect(nextAttemptDelay(0, { ...base, random, maxRetryAfterMs: 60_000 }, 86_400_000)).toBe(60_000);
    expect(nextAttemptDelay(0, { ...base, random }, 86_400_000)).toBe(DEFAULT_RETRY_POLICY.maxRetryAfterMs);
    expect(nextAttemptDelay(0, { ...base, random }, null)).toBe(100);
    expect(nextAttemptDelay(0, { ...base, random }, 0)).toBe(100);
  });
});

describe('shouldGiveUp', () => {
  it('gives up once the attempts made reach the maximum', () => {
    expect(shouldGiveUp(11, 12)).toBe(false);
    expect(shouldGiveUp(12, 12)).toBe(true);
    expect(shouldGiveUp(13, 12)).toBe(true);
  });

  it('has defaults of 1 s base, 5 min cap, 12 attempts', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ baseMs: 1_000, capMs: 300_000, maxAttempts: 12, maxRetryAfterMs: 3_600_000 });
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2024-05-01T10:00:00Z');

  it('reads seconds and HTTP-dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(['5', '9'], now)).toBe(5_000);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
