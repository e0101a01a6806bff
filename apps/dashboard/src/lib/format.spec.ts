import { describe, expect, it } from 'vitest';
import { formatLatency, formatPercent, formatThroughput, formatValue } from './format';

describe('formatting', () => {
  it('formats golden signals with units', () => {
    expect([0.4213, 12.34, 250.4, 1250].map(formatLatency)).toEqual(['0.42 ms', '12.3 ms', '250 ms', '1.25 s']);
    expect([0.05, 3.21, 1250.4].map(formatThroughput)).toEqual(['0.05 req/s', '3.2 req/s', '1,250 req/s']);
    expect([0, 0.251, 12.54].map(formatPercent)).toEqual(['0 %', '0.25 %', '12.5 %']);
    expect([null, undefined, Number.NaN].map(formatLatency)).toEqual(['—', '—', '—']);
  });

  it('keeps four significant digits for chart values', () => {
    expect(formatValue(1234567)).toBe('1,235,000');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(0.00001)).toBe('1.00e-5');
  });
});
