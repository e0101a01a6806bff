import type { Policy } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { emptyPolicyForm, policyFormFrom, policyRequestFrom, policyRequestFromForm, reorderPolicies } from './policy-form';

const CHANNEL = '0b9b2c4e-7a4f-4c55-9e8f-0a3e5b6c7d8e';

function policy(id: string, position: number): Policy {
  return {
    id,
    name: id,
    matchers: [{ label: 'team', op: '=', value: 'web' }],
    severities: ['critical'],
    channelIds: [CHANNEL],
    groupBy: ['alertname', 'service'],
    groupWaitSeconds: 0,
    groupIntervalSeconds: 60,
    repeatIntervalSeconds: 3_600,
    sendResolved: false,
    continue: true,
    enabled: true,
    position,
    createdAt: '',
    updatedAt: '',
  };
}

describe('policyRequestFromForm', () => {
  it('makes the contract’s request from the form', () => {
    const result = policyRequestFromForm({ ...emptyPolicyForm(), name: 'pager', channelIds: [CHANNEL], groupWait: '0', matchers: [{ label: 'severity', op: '=', value: 'critical' }, { label: '', op: '=', value: '' }] });
    expect(result).toEqual({
      ok: true,
      request: {
        name: 'pager',
        matchers: [{ label: 'severity', op: '=', value: 'critical' }],
        severities: [],
        channelIds: [CHANNEL],
        groupBy: ['alertname'],
        groupWaitSeconds: 0,
        groupIntervalSeconds: 300,
        repeatIntervalSeconds: 14_400,
        sendResolved: true,
        continue: false,
        enabled: true,
      },
    });
  });

  it('asks for a channel and names out-of-range waits', () => {
    const result = policyRequestFromForm({ ...emptyPolicyForm(), name: 'x', repeatInterval: '10s', groupInterval: 'soon' });
    if (result.ok) throw new Error('expected problems');
    expect(result.errors.channelIds).toBe('name at least one channel');
    expect(result.errors.repeatIntervalSeconds).toBe('must be at least 60 s');
    expect(result.errors.groupIntervalSeconds).toContain('30s, 5m');
  });

  it('round-trips a stored policy', () => {
    const stored = policy('p', 3);
    const result = policyRequestFromForm(policyFormFrom(stored), 3);
    expect(result).toEqual({ ok: true, request: policyRequestFrom(stored, {}) });
  });
});

describe('reorderPolicies', () => {
  const list = [policy('a', 0), policy('b', 1), policy('c', 2)];

  it('swaps with the neighbour and renumbers what changed', () => {
    expect(reorderPolicies(list, 'c', -1).map(({ policy: one, position }) => [one.id, position])).toEqual([
      ['c', 1],
      ['b', 2],
    ]);
  });

  it('does nothing at either end', () => {
    expect(reorderPolicies(list, 'a', -1)).toEqual([]);
    expect(reorderPolicies(list, 'c', 1)).toEqual([]);
    expect(reorderPolicies(list, 'missing', 1)).toEqual([]);
  });

  it('fixes equal positions on the way', () => {
    const tied = [policy('a', 0), policy('b', 0), policy('c', 0)];
    expect(reorderPolicies(tied, 'a', 1).map(({ policy: one, position }) => [one.id, position])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });
});
