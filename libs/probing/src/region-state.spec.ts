import { describe, expect, it } from 'vitest';
import type { Assessment } from './observations';
import { applyResult, decideVerdict, type RegionState, staleAfterMs } from './region-state';

const up: Assessment = { status: 'up', statusCode: 200, latencyMs: 10, error: '' };
const down: Assessment = { status: 'down', statusCode: null, latencyMs: null, error: 'connection refused' };
const slow: Assessment = { status: 'degraded', statusCode: 200, latencyMs: 900, error: 'slow' };

function run(results: Assessment[], retries: number, start = 0): RegionState[] {
  const states: RegionState[] = [];
  let state: RegionState | undefined;
  results.forEach((result, index) => {
    state = applyResult(state, 'eu', result, retries, start + index * 10_000);
    states.push(state);
  });
  return states;
}

describe('applyResult (retries)', () => {
  it('a region says down after retries + 1 failures in a row', () => {
    expect(run([up, down, down, down], 2).map((state) => state.status)).toEqual(['up', 'up', 'up', 'down']);
    expect(run([up, down], 0).map((state) => state.status)).toEqual(['up', 'down']);
  });

  it('counts failures and remembers when they began', () => {
    const states = run([up, down, down], 5, 1_000);
    expect(states[2]).toMatchObject({ failures: 2, failingSince: 11_000, error: 'connection refused', at: 21_000 });
  });

  it('one success forgives the failures', () => {
    const states = run([down, down, up, down], 2);
    expect(states.map((state) => [state.status, state.failures])).toEqual([
      ['pending', 1],
      ['pending', 2],
      ['up', 0],
      ['up', 1],
    ]);
    expect(states[2]?.failingSince).toBeNull();
  });

  it('degraded is said at once and is no failure', () => {
    expect(run([up, slow], 3).map((state) => [state.status, state.failures])).toEqual([
      ['up', 0],
      ['degraded', 0],
    ]);
  });

  it('a down region stays down while failing, up at the first success', () => {
    expect(run([down, down, down, up], 0).map((state) => state.status)).toEqual(['down', 'down', 'down', 'up']);
  });
});

const region = (name: string, status: RegionState['status'], at = 100_000, fields: Partial<RegionState> = {}): RegionState => ({
  region: name,
  status,
  failures: status === 'down' ? 2 : 0,
  failingSince: status === 'down' ? at - 20_000 : null,
  at,
  latencyMs: 5,
  statusCode: null,
  error: status === 'up' ? null : `${status} in ${name}`,
  ...fields,
});

describe('decideVerdict (quorum)', () => {
  const policy = { quorum: 2, staleAfterMs: 60_000 };

  it('down when the quorum of regions says down, naming them and the first error', () => {
    expect(decideVerdict([region('us', 'down'), region('eu', 'down'), region('ap', 'up')], policy, 100_000)).toEqual({
      status: 'down',
      regions: ['eu', 'us'],
      cause: 'eu: down in eu',
      troubleSince: 80_000,
    });
  });

  it('one region down is not enough for a quorum of two', () => {
    expect(decideVerdict([region('us', 'down'), region('eu', 'up')], policy, 100_000)).toMatchObject({ status: 'up', regions: ['eu'], troubleSince: 80_000 });
  });

  it('regions short of the quorum that say down do not make the check up either', () => {
    expect(decideVerdict([region('us', 'down')], policy, 100_000)).toMatchObject({ status: 'pending', troubleSince: 80_000 });
  });

  it('degraded when the quorum says degraded or worse', () => {
    expect(decideVerdict([region('us', 'down'), region('eu', 'degraded'), region('ap', 'up')], policy, 100_000)).toMatchObject({ status: 'degraded', regions: ['eu', 'us'] });
  });

  it('a single region needs no prefix in the cause', () => {
    expect(decideVerdict([region('local', 'down')], { quorum: 1, staleAfterMs: 60_000 }, 100_000).cause).toBe('down in local');
  });

  it('ignores regions whose prober stopped reporting', () => {
    expect(decideVerdict([region('us', 'down', 10_000), region('eu', 'down'), region('ap', 'up')], policy, 100_000).status).toBe('up');
    expect(decideVerdict([region('us', 'up', 10_000)], policy, 100_000).status).toBe('pending');
  });

  it('pending before any region has a word', () => {
    expect(decideVerdict([], policy, 0)).toEqual({ status: 'pending', regions: [], cause: '', troubleSince: null });
    expect(decideVerdict([region('eu', 'pending', 100_000, { failures: 1, failingSince: 90_000 })], { quorum: 1, staleAfterMs: 60_000 }, 100_000)).toMatchObject({ status: 'pending', troubleSince: 90_000 });
  });

  it('keeps a region for three intervals and a timeout', () => {
    expect(staleAfterMs(30, 5_000)).toBe(95_000);
  });
});
