import { describe, expect, it } from 'vitest';
import { fingerprintRanges, sliceEnd } from './metric-rollup';
import { HOUR_MS } from './rollup-hours';

describe('fingerprintRanges', () => {
  it('covers every UInt64 in adjacent ranges, without gaps or overlaps', () => {
    expect(fingerprintRanges(1)).toEqual([{ from: '0' }]);
    expect(fingerprintRanges(4)).toEqual([
      { from: '0', to: '4611686018427387904' },
      { from: '4611686018427387904', to: '9223372036854775808' },
      { from: '9223372036854775808', to: '13835058055282163712' },
      { from: '13835058055282163712' },
    ]);
    const six = fingerprintRanges(6);
    six.slice(1).forEach((range, index) => expect(range.from).toBe(six[index]?.to));
    expect(six.at(-1)?.to).toBeUndefined();
  });
});

describe('sliceEnd', () => {
  const H = HOUR_MS;
  const series = new Map([
    [0, 40],
    [H, 50],
    [2 * H, 30],
    [4 * H, 500],
  ]);

  it('takes whole hours while their series fit, up to the limit', () => {
    expect(sliceEnd(0, 6 * H, series, 100)).toBe(2 * H);
    expect(sliceEnd(0, 6 * H, series, 120)).toBe(4 * H);
    expect(sliceEnd(0, H, series, 1_000)).toBe(H);
  });

  it('takes one hour alone when it has more series than a slice holds (built in fingerprint ranges)', () => {
    expect(sliceEnd(4 * H, 6 * H, series, 100)).toBe(5 * H);
    expect(sliceEnd(3 * H, 6 * H, series, 100)).toBe(4 * H);
  });
});
