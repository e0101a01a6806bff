import { describe, expect, it } from 'vitest';
import { checkLiveRange, historyChunk, historyLimit, isLateSample, lateRange, liveRange, MAX_HISTORY_MS, recordableEnd } from './recording-plan';

const t = (iso: string) => Date.parse(iso);
const M = 60_000;

describe('recording plan', () => {
  it('records a minute once it ended 30 s ago', () => {
    expect(recordableEnd(t('2026-01-01T10:00:29Z'))).toBe(t('2026-01-01T09:59:00Z'));
    expect(recordableEnd(t('2026-01-01T10:00:30Z'))).toBe(t('2026-01-01T10:00:00Z'));
  });

  it('reads only the minutes since the last tick, at most 6 hours at a time', () => {
    expect(liveRange(t('2026-01-01T10:00:00Z'), t('2026-01-01T10:01:00Z'))).toEqual({ from: t('2026-01-01T10:00:00Z'), to: t('2026-01-01T10:01:00Z') });
    expect(liveRange(t('2026-01-01T10:00:00Z'), t('2026-01-01T10:00:00Z'))).toBeNull();
    expect(liveRange(t('2026-01-01T00:00:00Z'), t('2026-01-02T00:00:00Z'))).toEqual({ from: t('2026-01-01T00:00:00Z'), to: t('2026-01-01T06:00:00Z') });
  });

  it('counts a check SLI’s last 5 recorded minutes again with the new ones (results written late)', () => {
    expect(checkLiveRange(t('2026-01-01T10:00:00Z'), t('2026-01-01T10:01:00Z'))).toEqual({ from: t('2026-01-01T09:55:00Z'), to: t('2026-01-01T10:01:00Z') });
    expect(checkLiveRange(t('2026-01-01T10:00:00Z'), t('2026-01-01T10:00:00Z'))).toBeNull();
    expect(checkLiveRange(t('2026-01-01T00:00:00Z'), t('2026-01-02T00:00:00Z'))).toEqual({ from: t('2026-01-01T00:00:00Z') - 5 * M, to: t('2026-01-01T06:00:00Z') });
  });

  it('walks history back a day at a time to the oldest sample, at most 400 days', () => {
    const start = t('2026-01-10T12:34:00Z');
    expect(historyLimit(start, null)).toBe(start);
    expect(historyLimit(start, t('2026-01-08T05:17:00Z'))).toBe(t('2026-01-08T05:00:00Z'));
    expect(historyLimit(start, t('2020-01-01T00:00:00Z'))).toBe(start - MAX_HISTORY_MS);
    expect(historyLimit(start, start + M)).toBe(t('2026-01-10T12:00:00Z')); // first-seen times are hour-accurate
    const limit = t('2026-01-08T05:00:00Z');
    // The first chunk ends the day it is in; whole days follow, so SLOs created apart share chunks.
    expect(historyChunk(start, limit)).toEqual({ from: t('2026-01-10T00:00:00Z'), to: start });
    expect(historyChunk(t('2026-01-10T00:00:00Z'), limit)).toEqual({ from: t('2026-01-09T00:00:00Z'), to: t('2026-01-10T00:00:00Z') });
    expect(historyChunk(t('2026-01-09T00:00:00Z'), limit)).toEqual({ from: limit, to: t('2026-01-09T00:00:00Z') });
    expect(historyChunk(limit, limit)).toBeNull();
  });

  it('re-records from the minute of the oldest late sample to what is recorded', () => {
    const now = t('2026-01-10T12:00:00Z');
    // A sample at 10:05:00 exactly belongs to the minute (10:04, 10:05].
    expect(lateRange(t('2026-01-10T10:05:00Z'), t('2026-01-10T11:59:00Z'), now)).toEqual({ from: t('2026-01-10T10:04:00Z'), to: t('2026-01-10T11:59:00Z') });
    expect(lateRange(t('2026-01-10T10:05:00.001Z'), t('2026-01-10T11:59:00Z'), now)?.from).toBe(t('2026-01-10T10:05:00Z'));
    expect(lateRange(t('2026-01-10T11:59:30Z'), t('2026-01-10T11:59:00Z'), now)).toBeNull();
    // Never before the minute records kept (100 days, less a day of margin).
    expect(lateRange(t('2025-06-01T00:00:00Z'), t('2026-01-10T11:59:00Z'), now)?.from).toBe(now - 99 * 86_400_000);
  });

  it('calls a sample late when its minute may be recorded already', () => {
    const now = t('2026-01-10T12:00:00Z');
    expect(isLateSample(now - 5_000, now)).toBe(false);
    expect(isLateSample(now - 20_000, now)).toBe(true);
  });
});
