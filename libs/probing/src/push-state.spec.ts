import { pushCheckSpecSchema } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { applyPing, missedDeadline, newPushState, type Ping, pushDeadline, pushFlags, type PushState } from './push-state';

const spec = pushCheckSpecSchema.parse({ periodSeconds: 60, graceSeconds: 30 });

function pings(list: [number, Ping][], from: PushState = newPushState()): PushState {
  return list.reduce((state, [at, ping]) => applyPing(state, ping, at).state, from);
}

describe('push pings', () => {
  it('a success is up; the next is due a period plus the grace later', () => {
    const { state, result } = applyPing(newPushState(), { type: 'success' }, 1_000);
    expect(result).toEqual({ status: 'up', statusCode: null, latencyMs: null, error: '' });
    expect(state).toMatchObject({ status: 'up', lastPingAt: 1_000, lastSuccessAt: 1_000 });
    expect(pushDeadline(state, spec)).toBe(91_000);
  });

  it('/start then success measures the run', () => {
    const started = applyPing(newPushState(), { type: 'start' }, 1_000);
    expect(started.result).toBeNull();
    expect(pushDeadline(started.state, spec)).toBe(31_000);
    const done = applyPing(started.state, { type: 'success' }, 13_500);
    expect(done.state).toMatchObject({ status: 'up', runningSince: null, lastDurationMs: 12_500 });
    expect(done.result?.latencyMs).toBe(12_500);
  });

  it('/fail is down at once and keeps the message', () => {
    const failed = applyPing(pings([[0, { type: 'success' }]]), { type: 'fail', message: 'backup: disk full\n' }, 5_000);
    expect(failed.state).toMatchObject({ status: 'down', lastFailure: 'backup: disk full\n' });
    expect(failed.result).toMatchObject({ status: 'down', error: 'backup: disk full\n' });
    expect(applyPing(newPushState(), { type: 'fail' }, 1).state.lastFailure).toBe('the job reported a failure');
  });

  it('exit status 0 is a success, any other a failure naming the status', () => {
    expect(applyPing(newPushState(), { type: 'exit', code: 0 }, 1).state.status).toBe('up');
    expect(applyPing(newPushState(), { type: 'exit', code: 3, message: 'rsync failed' }, 1).state.lastFailure).toBe('exit status 3: rsync failed');
    expect(applyPing(newPushState(), { type: 'exit', code: 137 }, 1).result?.error).toBe('exit status 137');
  });

  it('keeps at most 10,000 characters of a failure message', () => {
    expect(applyPing(newPushState(), { type: 'fail', message: 'x'.repeat(20_000) }, 1).state.lastFailure).toHaveLength(10_000);
  });

  it('a success after a failure is up again', () => {
    expect(pings([[0, { type: 'fail' }], [10, { type: 'success' }]]).status).toBe('up');
  });
});

describe('missed deadlines', () => {
  it('no ping within period + grace is down, saying since when', () => {
    const state = pings([[0, { type: 'success' }]]);
    expect(missedDeadline(state, spec, 90_000)).toBeNull();
    const missed = missedDeadline(state, spec, 90_001);
    expect(missed?.state.status).toBe('down');
    expect(missed?.result?.error).toBe('no ping since 1970-01-01T00:00:00.000Z (period 60 s + grace 30 s)');
  });

  it('a started run that does not finish within the grace is down', () => {
    const state = pings([[0, { type: 'success' }], [50_000, { type: 'start' }]]);
    expect(missedDeadline(state, spec, 80_001)?.result?.error).toMatch(/did not finish within the 30 s grace/);
    expect(missedDeadline(state, spec, 80_001)?.state.runningSince).toBeNull();
  });

  it('a new check waits for its first ping, and a down check has no deadline', () => {
    expect(pushDeadline(newPushState(), spec)).toBeNull();
    expect(missedDeadline(newPushState(), spec, 1e12)).toBeNull();
    expect(pushDeadline(pings([[0, { type: 'fail' }]]), spec)).toBeNull();
  });
});

describe('pushFlags', () => {
  it('flags a job pinging far more often than its period', () => {
    const hourly = pushCheckSpecSchema.parse({ periodSeconds: 3_600 });
    const everyMinute = pings([0, 60_000, 120_000, 180_000].map((at) => [at, { type: 'success' }] as [number, Ping]));
    expect(pushFlags(everyMinute, hourly)).toEqual(['pinging_too_often']);
    const everyHour = pings([0, 3_600_000, 7_200_000, 10_800_000].map((at) => [at, { type: 'success' }] as [number, Ping]));
    expect(pushFlags(everyHour, hourly)).toEqual([]);
  });

  it('needs three gaps before it judges', () => {
    const three = pings([0, 1, 2].map((at) => [at, { type: 'success' }] as [number, Ping]));
    expect(pushFlags(three, spec)).toEqual([]);
  });

  it('keeps only the latest ten successes', () => {
    const many = pings(Array.from({ length: 15 }, (_, index) => [index * 1_000, { type: 'success' }] as [number, Ping]));
    expect(many.recentSuccesses).toEqual([5_000, 6_000, 7_000, 8_000, 9_000, 10_000, 11_000, 12_000, 13_000, 14_000]);
  });

  it('says a run is going on', () => {
    expect(pushFlags(pings([[0, { type: 'start' }]]), spec)).toEqual(['running']);
  });
});
