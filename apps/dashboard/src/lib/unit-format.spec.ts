import { describe, expect, it } from 'vitest';
import { ERROR_RATE_UNIT, formatTicks, formatValue, LATENCY_UNIT, THROUGHPUT_UNIT, tickIncrements } from './unit-format';

describe('formatValue', () => {
  it('writes durations in the unit that fits, from any time unit', () => {
    expect([0.25, 1.5, 0.0004213, 90, 7200, 0].map((value) => formatValue(value, 's'))).toEqual(['250 ms', '1.5 s', '421 µs', '1.5 min', '2 h', '0 s']);
    expect([97.5, 1250, 0.999, 999.8].map((value) => formatValue(value, 'ms'))).toEqual(['97.5 ms', '1.25 s', '999 µs', '1 s']);
    expect(formatValue(1500, 'us')).toBe('1.5 ms');
  });

  it('writes bytes with binary prefixes, from prefixed units too', () => {
    expect([512, 1536, 1.5 * 1024 ** 3, 0].map((value) => formatValue(value, 'By'))).toEqual(['512 B', '1.5 KiB', '1.5 GiB', '0 B']);
    expect(formatValue(2, 'MiBy')).toBe('2 MiB');
    expect(formatValue(1, 'kBy')).toBe('1,000 B');
  });

  it('reads `1` as a ratio and `%` as percent', () => {
    expect(formatValue(0.25, '1')).toBe('25 %');
    expect(formatValue(12.5, '%')).toBe('12.5 %');
    expect(formatValue(0, ERROR_RATE_UNIT)).toBe('0 %');
  });

  it('writes rates with their time unit', () => {
    expect(formatValue(12.5, '/s')).toBe('12.5/s');
    expect(formatValue(1250, '/s')).toBe('1.25k/s');
    expect(formatValue(3 * 1024 ** 2, 'By/s')).toBe('3 MiB/s');
    expect(formatValue(0.25, 's/s')).toBe('250 ms/s');
    expect(formatValue(2, '1/s')).toBe('2/s');
    expect(formatValue(4, '{request}/min')).toBe('4 request/min');
  });

  it('abbreviates unknown units and plain numbers with SI prefixes, keeping the unit', () => {
    expect(formatValue(1_234_567, null)).toBe('1.23M');
    expect([0.123456, 0.00001, 42, 0].map((value) => formatValue(value, null))).toEqual(['0.123', '1e-5', '42', '0']);
    expect(formatValue(1500, 'W')).toBe('1.5 kW');
    expect(formatValue(21.5, 'Cel')).toBe('21.5 °C');
    expect(formatValue(3, '{thread}')).toBe('3 thread');
    expect(formatValue(2500, 'furlong')).toBe('2.5k furlong');
  });

  it('names non-finite values as the API does, and nothing as a dash', () => {
    expect([Number.NaN, Infinity, -Infinity].map((value) => formatValue(value, 's'))).toEqual(['NaN', '+Inf', '−Inf']);
    expect([null, undefined].map((value) => formatValue(value, 's'))).toEqual(['—', '—']);
  });

  it('gives the golden signals their units', () => {
    expect(formatValue(75, LATENCY_UNIT)).toBe('75 ms');
    expect(formatValue(15, THROUGHPUT_UNIT)).toBe('15 req/s');
    expect(formatValue(0.05, THROUGHPUT_UNIT)).toBe('0.05 req/s');
    expect(formatValue(1250.4, THROUGHPUT_UNIT)).toBe('1.25k req/s');
  });
});

describe('formatTicks', () => {
  it('puts every tick of an axis in the scale of the largest', () => {
    expect(formatTicks([0, 0.5, 1, 1.5], 's')).toEqual(['0 s', '0.5 s', '1 s', '1.5 s']);
    expect(formatTicks([0, 0.25, 0.5], 's')).toEqual(['0 ms', '250 ms', '500 ms']);
    expect(formatTicks([0, 512 * 1024 ** 2, 1024 ** 3], 'By')).toEqual(['0 GiB', '0.5 GiB', '1 GiB']);
    // 50 MiB apart: exact in MiB, not 1.5625 / 1.611328 GiB.
    expect(formatTicks([1600, 1650].map((mib) => mib * 1024 ** 2), 'By')).toEqual(['1,600 MiB', '1,650 MiB']);
    expect(formatTicks([0, 2000, 4000, 12_000], null)).toEqual(['0', '2k', '4k', '12k']);
    expect(formatTicks([2, 4, 6], '/s')).toEqual(['2/s', '4/s', '6/s']);
    expect(formatTicks([0, 0.1, 0.2], '1')).toEqual(['0 %', '10 %', '20 %']);
  });

  it('keeps the decimals a tick needs, and negative ticks', () => {
    expect(formatTicks([-0.2, 0, 0.2], null)).toEqual(['-0.2', '0', '0.2']);
    expect(formatTicks([1000, 1250, 1500], null)).toEqual(['1k', '1.25k', '1.5k']);
    expect(formatTicks([0.2, 0.225, 0.25], 's')).toEqual(['200 ms', '225 ms', '250 ms']);
  });

  it('writes minutes, hours and days only for whole ones', () => {
    expect(formatTicks([0, 15, 30, 45, 60], 's')).toEqual(['0 s', '15 s', '30 s', '45 s', '60 s']);
    expect(formatTicks([0, 900, 1800, 2700, 3600], 's')).toEqual(['0 min', '15 min', '30 min', '45 min', '60 min']);
    expect(formatTicks([0, 3_600_000, 7_200_000], 'ms')).toEqual(['0 h', '1 h', '2 h']);
  });
});

describe('tickIncrements', () => {
  it('offers spacings that are round in the unit’s own scales, in the values’ unit, ascending', () => {
    const bytes = tickIncrements('By');
    expect(bytes).toContain(256 * 1024 ** 2);
    expect(bytes).not.toContain(50_000_000);
    expect(tickIncrements('s')).toEqual(expect.arrayContaining([0.25, 15, 900, 21_600]));
    expect(tickIncrements('ms')).toContain(15_000);
    expect(tickIncrements(null)).toEqual(expect.arrayContaining([0.5, 2.5, 2000]));
    for (const unit of ['By', 's', null, '1']) {
      const steps = tickIncrements(unit);
      expect(steps.every((step, index) => index === 0 || step > (steps[index - 1] as number))).toBe(true);
    }
  });
});
