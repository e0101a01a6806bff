import { describe, expect, it } from 'vitest';
import { fingerprintRanges, hourParts, sliceEnd } from './metric-rollup';
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

describe('sliceEnd and hourParts', () => {
  const H = HOUR_MS;
  const loads = new Map([
    [0, { series: 40, samples: 2_400 }],
    [H, { series: 50, samples: 3_000 }],
    [2 * H, { series: 30, samples: 1_800 }],
    [4 * H, { series: 500, samples: 30_000 }],
  ]);
  const rows = (maxRows: number) => ({ maxRows, maxSamples: Infinity });

  it('takes whole hours while their series fit, up to the limit', () => {
    expect(sliceEnd(0, 6 * H, loads, rows(100))).toBe(2 * H);
    expect(sliceEnd(0, 6 * H, loads, rows(120))).toBe(4 * H);
    expect(sliceEnd(0, H, loads, rows(1_000))).toBe(H);
  });

  it('takes whole hours while their samples fit too', () => {
    expect(sliceEnd(0, 6 * H, loads, { maxRows: 1_000, maxSamples: 6_000 })).toBe(2 * H);
    expect(sliceEnd(0, 6 * H, loads, { maxRows: 1_000, maxSamples: 7_200 })).toBe(4 * H);
    expect(sliceEnd(0, 6 * H, loads, { maxRows: 100, maxSamples: 7_200 })).toBe(2 * H);
  });

  it('takes one hour alone when it has more series or samples than a slice holds, built in enough fingerprint ranges', () => {
    expect(sliceEnd(4 * H, 6 * H, loads, rows(100))).toBe(5 * H);
    expect(sliceEnd(3 * H, 6 * H, loads, rows(100))).toBe(4 * H);
    expect(hourParts(loads.get(4 * H), rows(100))).toBe(5);
    expect(hourParts(loads.get(4 * H), { maxRows: 100, maxSamples: 1_000 })).toBe(30);
    expect(hourParts(loads.get(0), { maxRows: 100, maxSamples: 10_000 })).toBe(1);
    expect(hourParts(undefined, rows(100))).toBe(1);
  });
});
