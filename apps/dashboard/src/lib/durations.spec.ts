import { describe, expect, it } from 'vitest';
import { durationField, formatDuration, optionalNumberField, parseDuration } from './durations';

describe('parseDuration', () => {
  it('reads units, combinations and bare seconds', () => {
    expect(parseDuration('30s')).toBe(30);
    expect(parseDuration('5m')).toBe(300);
    expect(parseDuration('1h30m')).toBe(5_400);
    expect(parseDuration('1h 30m')).toBe(5_400);
    expect(parseDuration('2d')).toBe(172_800);
    expect(parseDuration('1w')).toBe(604_800);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration(' 0 ')).toBe(0);
    expect(parseDuration('5M')).toBe(300);
  });

  it('refuses what is not a duration', () => {
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('5 minutes')).toBeUndefined();
    expect(parseDuration('1.5h')).toBeUndefined();
    expect(parseDuration('-5m')).toBeUndefined();
    expect(parseDuration('m')).toBeUndefined();
    expect(parseDuration('5m x')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('writes whole units, largest first', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(300)).toBe('5m');
    expect(formatDuration(5_400)).toBe('1h30m');
    expect(formatDuration(86_400)).toBe('1d');
    expect(formatDuration(604_800 + 3_600)).toBe('1w1h');
  });

  it('reads back what it writes', () => {
    for (const seconds of [1, 59, 61, 3_599, 90_061]) expect(parseDuration(formatDuration(seconds))).toBe(seconds);
  });
});

describe('fields', () => {
  it('names how to write a duration', () => {
    expect(durationField('1m')).toEqual({ ok: true, value: 60 });
    expect(durationField('soon')).toEqual({ ok: false, message: expect.stringContaining('30s, 5m') });
  });

  it('takes an empty threshold as none and refuses text', () => {
    expect(optionalNumberField('')).toEqual({ ok: true, value: undefined });
    expect(optionalNumberField(' 0.5 ')).toEqual({ ok: true, value: 0.5 });
    expect(optionalNumberField('-3')).toEqual({ ok: true, value: -3 });
    expect(optionalNumberField('ten')).toEqual({ ok: false, message: expect.stringContaining('number') });
  });
});
