import { describe, expect, it } from 'vitest';
import { formatUptime } from './uptime-format';

describe('formatUptime', () => {
  it('cuts to the decimals asked, so downtime never reads as 100 %', () => {
    expect(formatUptime(99.99999)).toBe('99.9999 %');
    expect(formatUptime(100)).toBe('100.0000 %');
    expect(formatUptime(99.9996, { decimals: 3 })).toBe('99.999 %');
    expect(formatUptime(57)).toBe('57.0000 %');
    expect(formatUptime(0.57 * 100, { decimals: 2 })).toBe('57.00 %');
  });

  it('drops trailing zeros and a bare point when asked', () => {
    expect(formatUptime(100, { decimals: 3, trimZeros: true })).toBe('100 %');
    expect(formatUptime(99.95, { decimals: 3, trimZeros: true })).toBe('99.95 %');
    expect(formatUptime(98.001, { decimals: 2, trimZeros: true })).toBe('98 %');
    expect(formatUptime(99.9996, { decimals: 3, trimZeros: true })).toBe('99.999 %');
    expect(formatUptime(50, { decimals: 0, trimZeros: true })).toBe('50 %');
  });

  it('says an unmeasured period as asked', () => {
    expect(formatUptime(null)).toBe('—');
    expect(formatUptime(null, { empty: 'no data' })).toBe('no data');
  });
});
