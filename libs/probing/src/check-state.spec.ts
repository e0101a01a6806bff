import { describe, expect, it } from 'vitest';
import { type CheckState, newCheckState, pauseTransition, transition } from './check-state';
import type { Verdict } from './region-state';

const verdict = (status: Verdict['status'], cause = '', regions = ['eu']): Verdict => ({ status, regions, cause, troubleSince: null });
const state = (status: CheckState['status'], since = 0): CheckState => ({ status, since, cause: null, regions: [] });

describe('transition (incidents)', () => {
  it('opens an incident when an up check goes down, with its start, cause and regions', () => {
    expect(transition(state('up'), verdict('down', 'refused', ['eu', 'us']), 5_000)).toEqual({
      state: { status: 'down', since: 5_000, cause: 'refused', regions: ['eu', 'us'] },
      from: 'up',
      incident: { type: 'open', severity: 'down', startedAt: 5_000, cause: 'refused', regions: ['eu', 'us'] },
    });
  });

  it('a check that is down from its first results opens one too', () => {
    expect(transition(newCheckState(0), verdict('down', 'refused'), 1_000).incident).toMatchObject({ type: 'open', severity: 'down' });
  });

  it('degraded opens a degraded incident that escalates when it goes down', () => {
    const opened = transition(state('up'), verdict('degraded', 'slow'), 1_000);
    expect(opened.incident).toMatchObject({ type: 'open', severity: 'degraded' });
    expect(transition(opened.state, verdict('down', 'refused'), 2_000).incident).toEqual({ type: 'escalate', severity: 'down', cause: 'refused', regions: ['eu'] });
  });

  it('down → degraded keeps the incident open as it is', () => {
    expect(transition(state('down'), verdict('degraded'), 2_000)).toMatchObject({ from: 'down', incident: null, state: { status: 'degraded' } });
  });

  it('closes the incident when the check is up again', () => {
    expect(transition(state('down'), verdict('up'), 9_000)).toMatchObject({ state: { status: 'up', since: 9_000, cause: null }, incident: { type: 'close', endedAt: 9_000 } });
    expect(transition(state('degraded'), verdict('up'), 9_000).incident).toEqual({ type: 'close', endedAt: 9_000 });
  });

  it('pending → up is no incident', () => {
    expect(transition(newCheckState(0), verdict('up'), 1_000)).toMatchObject({ from: 'pending', incident: null, state: { status: 'up' } });
  });

  it('nothing changes when the status does not, or when no region reports any more', () => {
    expect(transition(state('down', 5), verdict('down'), 9_000)).toEqual({ state: state('down', 5), from: null, incident: null });
    expect(transition(state('down', 5), verdict('pending'), 9_000)).toEqual({ state: state('down', 5), from: null, incident: null });
  });

  it('a paused check ignores verdicts', () => {
    expect(transition(state('paused'), verdict('down'), 1).from).toBeNull();
  });
});

describe('pauseTransition', () => {
  it('pausing ends an open incident', () => {
    expect(pauseTransition(state('down'), false, 7_000)).toEqual({ state: { status: 'paused', since: 7_000, cause: null, regions: [] }, from: 'down', incident: { type: 'close', endedAt: 7_000 } });
    expect(pauseTransition(state('up'), false, 7_000).incident).toBeNull();
  });

  it('resuming starts over as pending; enabling an enabled check changes nothing', () => {
    expect(pauseTransition(state('paused'), true, 8_000)).toEqual({ state: newCheckState(8_000), from: 'paused', incident: null });
    expect(pauseTransition(state('up'), true, 8_000).from).toBeNull();
  });
});
