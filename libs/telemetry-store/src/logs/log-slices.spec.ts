import { parseLogAttributeFilter, parseLogSearchText, type LogAttributeFilter } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { NewestFirstSlices, scansText, SliceWidths, type TimeSlice } from './log-slices';

const HOUR = 3_600_000;

function walk(slicer: NewestFirstSlices, to: number, runMs: (slice: TimeSlice) => number): TimeSlice[] {
  const slices: TimeSlice[] = [];
  for (let slice = slicer.below(to); slice !== undefined; slice = slicer.below(slice.from - 1)) {
    slices.push(slice);
    slicer.took(runMs(slice));
  }
  return slices;
}

describe('NewestFirstSlices', () => {
  it('covers the range newest first without a gap or an overlap, widening while slices are quick', () => {
    const slices = walk(new NewestFirstSlices(1_000, { initialMs: HOUR, targetRunMs: 100, minMs: 1_000 }), 1_000 + 30 * 24 * HOUR - 1, () => 10);
    expect(slices[0]).toEqual({ from: 1_000 + 30 * 24 * HOUR - HOUR, to: 1_000 + 30 * 24 * HOUR - 1 });
    expect(slices.map((slice) => slice.to - slice.from + 1).slice(0, 4)).toEqual([HOUR, 4 * HOUR, 16 * HOUR, 64 * HOUR]);
    expect(slices[slices.length - 1]?.from).toBe(1_000);
    for (let index = 1; index < slices.length; index++) expect(slices[index]?.to).toBe((slices[index - 1] as TimeSlice).from - 1);
    expect(slices).toHaveLength(6);
  });

  it('narrows after a slow slice (at most to a quarter, never below the minimum) and aims at the target', () => {
    const slicer = new NewestFirstSlices(0, { initialMs: HOUR, targetRunMs: 100, minMs: 60_000 });
    const widths = walk(slicer, 10 * HOUR, (slice) => ((slice.to - slice.from + 1) / HOUR) * 200).map((slice) => slice.to - slice.from + 1);
    // 200 ms per hour of data: the first hour takes 200 ms, so slices settle at half an hour.
    expect(widths.slice(0, 3)).toEqual([HOUR, HOUR / 2, HOUR / 2]);
    const slow = new NewestFirstSlices(0, { initialMs: HOUR, targetRunMs: 100, minMs: 60_000 });
    slow.took(10_000);
    expect(slow.below(HOUR)).toEqual({ from: HOUR - HOUR / 4 + 1, to: HOUR });
    for (let index = 0; index < 5; index++) slow.took(10_000);
    expect(slow.below(HOUR)).toEqual({ from: HOUR - 60_000 + 1, to: HOUR });
  });

  it('starts where the last read of the same kind ended, so a project’s next read needs fewer slices', () => {
    const widths = new SliceWidths(2);
    const options = { initialMs: HOUR, targetRunMs: 100, minMs: 1_000 };
    walk(new NewestFirstSlices(0, options, { widths, key: 'p1 scan' }), 100 * HOUR, () => 10);
    expect(widths.get('p1 scan')).toBe(1024 * HOUR);
    expect(walk(new NewestFirstSlices(0, options, { widths, key: 'p1 scan' }), 100 * HOUR, () => 10)).toHaveLength(1);
    expect(walk(new NewestFirstSlices(0, options, { widths, key: 'p2 scan' }), 100 * HOUR, () => 10)[0]).toEqual({ from: 99 * HOUR + 1, to: 100 * HOUR });
    widths.set('p3 scan', 5);
    expect(widths.get('p1 scan')).toBeUndefined();
  });

  it('gives one slice for a range narrower than the first, and none for an empty range', () => {
    const slicer = new NewestFirstSlices(5_000, { initialMs: HOUR, targetRunMs: 100, minMs: 1_000 });
    expect(walk(slicer, 65_000, () => 1)).toEqual([{ from: 5_000, to: 65_000 }]);
    expect(slicer.below(4_999)).toBeUndefined();
  });
});

describe('scansText', () => {
  const attr = (text: string) => [parseLogAttributeFilter(text) as LogAttributeFilter];
  it('is true for filters that read every line: phrases, punctuation, non-ASCII, exclusions, attributes', () => {
    for (const q of ['"quokka at"', 'eu-west-1', 'über', '-noise', 'ok -"dry run"']) expect(scansText({ text: parseLogSearchText(q) }), q).toBe(true);
    expect(scansText({ attributes: attr('http.route=/x') })).toBe(true);
  });

  it('is false for what indexes answer: plain words, services, levels, trace ids', () => {
    expect(scansText({})).toBe(false);
    expect(scansText({ text: parseLogSearchText('Timeout quokka 500'), services: ['api'], severities: ['error'], traceId: '0af7651916cd43dd8448eb211c80319c' })).toBe(false);
  });
});
