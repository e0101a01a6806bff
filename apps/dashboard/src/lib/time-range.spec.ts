import { describe, expect, it } from 'vitest';
import { rangeFromSearch, resolveRange, stepFor, writeRange, zoomOut, zoomRange } from './time-range';

describe('time ranges', () => {
  it('reads an absolute range before a preset, and falls back to the last hour', () => {
    expect(rangeFromSearch({ from: '100', to: '200', range: '7d' })).toEqual({ kind: 'absolute', from: 100, to: 200 });
    expect(rangeFromSearch({ from: '300', to: '200', range: '7d' })).toEqual({ kind: 'preset', preset: '7d' });
    expect(rangeFromSearch({ range: '3y' })).toEqual({ kind: 'preset', preset: '1h' });
  });

  it('writes nothing for the default preset', () => {
    const params = new URLSearchParams();
    writeRange(params, { kind: 'preset', preset: '1h' });
    expect(params.toString()).toBe('');
    writeRange(params, { kind: 'absolute', from: 1, to: 2 });
    expect(params.toString()).toBe('from=1&to=2');
  });

  it('resolves presets against now', () => {
    expect(resolveRange({ kind: 'preset', preset: '15m' }, 1_000_000_000)).toEqual({ from: 1_000_000_000 - 900_000, to: 1_000_000_000 });
  });

  it('zooms to at least a second, in either drag direction', () => {
    expect(zoomRange(5000.4, 2000.6)).toEqual({ kind: 'absolute', from: 2000, to: 5001 });
    expect(zoomRange(2000, 2200)).toEqual({ kind: 'absolute', from: 2000, to: 3000 });
  });

  it('zooms out three times as wide, not past now', () => {
    expect(zoomOut({ from: 10_000, to: 20_000 }, 25_000)).toEqual({ kind: 'absolute', from: 0, to: 25_000 });
  });

  it('picks whole-second steps', () => {
    expect(stepFor(60 * 60_000)).toBe(15_000);
    expect(stepFor(10_000)).toBe(1000);
    expect(stepFor(7 * 24 * 3_600_000, 60)).toBe(10_080_000);
  });
});
