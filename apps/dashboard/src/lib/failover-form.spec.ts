import { describe, expect, it } from 'vitest';
import { describeSwitch, targetHealth } from './failover-display';
import { addTarget, emptyFailoverForm, failoverProblems, failoverRequestFromForm, moveTarget } from './failover-form';

const CHECK_A = '00000000-0000-4000-8000-00000000000a';
const CHECK_B = '00000000-0000-4000-8000-00000000000b';

describe('failover form', () => {
  it('reads targets in order, with fall, rise and quorum', () => {
    const result = failoverRequestFromForm({
      ...emptyFailoverForm(),
      name: 'web',
      fall: '2',
      rise: '3',
      targets: [
        { name: 'primary', address: '10.0.0.1:80', checkId: CHECK_A },
        { name: 'standby', address: '10.0.0.2:80', checkId: CHECK_B },
      ],
    });
    expect(result.ok && result.request).toEqual({
      name: 'web',
      fall: 2,
      rise: 3,
      quorum: 1,
      channelIds: [],
      targets: [
        { name: 'primary', address: '10.0.0.1:80', checkId: CHECK_A },
        { name: 'standby', address: '10.0.0.2:80', checkId: CHECK_B },
      ],
    });
  });

  it('puts a target’s problems on that target and the rest on their fields', () => {
    const result = failoverRequestFromForm({ ...emptyFailoverForm(), fall: 'x', targets: [{ name: 'primary', address: 'a', checkId: CHECK_A }, { name: '', address: 'b', checkId: '' }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toBe('must not be empty');
    expect(result.errors.fall).toBeDefined();
    expect(result.targetErrors).toEqual({ 1: 'name: must not be empty; check: must be a check id' });
    expect(failoverProblems([{ path: 'targets[0].checkId', message: 'is a push check' }, { path: 'targets', message: 'needs a primary and at least one standby' }])).toMatchObject({
      errors: { targets: 'needs a primary and at least one standby' },
      targetErrors: { 0: 'check: is a push check' },
    });
  });

  it('moves, adds and names targets', () => {
    const targets = addTarget(emptyFailoverForm().targets).map((target, index) => ({ ...target, name: `t${index}` }));
    expect(targets.map((one) => one.name)).toEqual(['t0', 't1', 't2']);
    expect(moveTarget(targets, 2, -1).map((one) => one.name)).toEqual(['t0', 't2', 't1']);
    expect(moveTarget(targets, 0, -1).map((one) => one.name)).toEqual(['t0', 't1', 't2']);
    const group = { targets: [{ id: 'a', name: 'primary', address: '', checkId: '' }, { id: 'b', name: 'standby', address: '', checkId: '' }] };
    expect(describeSwitch(group, { at: '', fromTargetId: 'a', toTargetId: 'b', reason: 'healthy' })).toBe('primary → standby');
    expect(describeSwitch(group, { at: '', fromTargetId: null, toTargetId: 'x', reason: 'healthy' })).toBe('nothing → a removed target');
    expect([targetHealth('up'), targetHealth('down'), targetHealth('pending'), targetHealth(undefined)]).toEqual(['healthy', 'unhealthy', 'unknown', 'unknown']);
  });
});
