import type { CheckSli } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { checkMinuteEvents, checkSliOf, type RegionMinute } from './check-sli';

const checkId = '0b0f1c9e-8a51-4c3a-9d39-5b7a4a1b2c3d';
const probes = (degraded: 'good' | 'bad' = 'good'): CheckSli => ({ kind: 'check_probes', checkId, degraded });
const uptime = (degraded: 'good' | 'bad' = 'good'): CheckSli => ({ kind: 'check_uptime', checkId, degraded });
const region = (name: string, up: number, degraded: number, down: number): RegionMinute => ({ region: name, up, degraded, down });

describe('checkMinuteEvents: check_probes', () => {
  it('counts every region’s every probe as one event', () => {
    expect(checkMinuteEvents(probes(), 1, [region('eu', 5, 0, 1), region('us', 6, 0, 0), region('ap', 0, 0, 6)])).toEqual({ good: 11, valid: 18 });
  });
  it('counts degraded probes as good by default and as bad when asked', () => {
    const regions = [region('eu', 1, 2, 3)];
    expect(checkMinuteEvents(probes('good'), 1, regions)).toEqual({ good: 3, valid: 6 });
    expect(checkMinuteEvents(probes('bad'), 1, regions)).toEqual({ good: 1, valid: 6 });
  });
  it('is no event without results, whatever the quorum', () => {
    expect(checkMinuteEvents(probes(), 3, [])).toEqual({ good: 0, valid: 0 });
  });
});

describe('checkMinuteEvents: check_uptime', () => {
  it('is one valid minute, up while a single probe of a region was good', () => {
    expect(checkMinuteEvents(uptime(), 1, [region('eu', 1, 0, 5)])).toEqual({ good: 1, valid: 1 });
  });
  it('is down when a region’s every result was down and the quorum is 1', () => {
    expect(checkMinuteEvents(uptime(), 1, [region('eu', 0, 0, 2), region('us', 1, 0, 0)])).toEqual({ good: 0, valid: 1 });
  });
  it('needs `quorum` regions saying down, absolutely (fewer reporting regions cannot take it down)', () => {
    const oneDown = [region('eu', 0, 0, 1), region('us', 1, 0, 0), region('ap', 1, 0, 0)];
    const twoDown = [region('eu', 0, 0, 1), region('us', 0, 0, 1), region('ap', 1, 0, 0)];
    expect(checkMinuteEvents(uptime(), 2, oneDown)).toEqual({ good: 1, valid: 1 });
    expect(checkMinuteEvents(uptime(), 2, twoDown)).toEqual({ good: 0, valid: 1 });
    expect(checkMinuteEvents(uptime(), 2, [region('eu', 0, 0, 3)])).toEqual({ good: 1, valid: 1 });
  });
  it('reads degraded as up by default, as down when the SLI counts degraded as bad', () => {
    const regions = [region('eu', 0, 2, 0)];
    expect(checkMinuteEvents(uptime('good'), 1, regions)).toEqual({ good: 1, valid: 1 });
    expect(checkMinuteEvents(uptime('bad'), 1, regions)).toEqual({ good: 0, valid: 1 });
  });
  it('does not count a minute without results, nor regions without results toward the quorum', () => {
    expect(checkMinuteEvents(uptime(), 1, [])).toEqual({ good: 0, valid: 0 });
    expect(checkMinuteEvents(uptime(), 1, [region('eu', 0, 0, 0)])).toEqual({ good: 0, valid: 0 });
  });
  it('treats a quorum below 1 as 1', () => {
    expect(checkMinuteEvents(uptime(), 0, [region('eu', 1, 0, 0)])).toEqual({ good: 1, valid: 1 });
    expect(checkMinuteEvents(uptime(), 0, [region('eu', 0, 0, 1)])).toEqual({ good: 0, valid: 1 });
  });
});

describe('checkSliOf', () => {
  it('names the check SLIs only', () => {
    expect(checkSliOf(uptime())).toEqual(uptime());
    expect(checkSliOf({ kind: 'ratio' })).toBeUndefined();
  });
});
