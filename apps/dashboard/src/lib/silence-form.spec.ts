import type { Silence } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { emptySilenceForm, silenceFormForAlert, silenceRequestFromForm, silencesInOrder } from './silence-form';

const NOW = Date.parse('2026-03-01T10:00:00.000Z');

describe('silenceFormForAlert', () => {
  it('matches every label of the alert, alertname first, for an hour', () => {
    const form = silenceFormForAlert({ ruleName: 'Queue too deep', labels: { severity: 'critical', queue: 'emails', alertname: 'Queue too deep', rule_id: 'r1' } });
    expect(form.matchers).toEqual([
      { label: 'alertname', op: '=', value: 'Queue too deep' },
      { label: 'queue', op: '=', value: 'emails' },
      { label: 'rule_id', op: '=', value: 'r1' },
      { label: 'severity', op: '=', value: 'critical' },
    ]);
    expect(form.duration).toBe('1h');
    expect(form.comment).toBe('Investigating Queue too deep');
  });

  it('makes a request that starts now and ends an hour later', () => {
    const result = silenceRequestFromForm(silenceFormForAlert({ ruleName: 'Q', labels: { alertname: 'Q' } }), NOW);
    expect(result).toEqual({ ok: true, request: { matchers: [{ label: 'alertname', op: '=', value: 'Q' }], endsAt: '2026-03-01T11:00:00.000Z', comment: 'Investigating Q' } });
  });
});

describe('silenceRequestFromForm', () => {
  it('names a missing matcher, a missing reason and an unreadable duration', () => {
    const result = silenceRequestFromForm({ ...emptySilenceForm(), duration: 'a while' }, NOW);
    if (result.ok) throw new Error('expected problems');
    expect(result.errors.matchers).toContain('at least one matcher');
    expect(result.errors.comment).toBe('say why');
    expect(result.errors.endsAt).toContain('30s, 5m');
  });

  it('starts at a chosen time', () => {
    const form = { matchers: [{ label: 'service', op: '=~' as const, value: 'api|web' }], startsAt: '2026-03-02T08:00', duration: '2h', comment: 'deploy' };
    const result = silenceRequestFromForm(form, NOW);
    expect(result.ok && result.request.startsAt).toBe(new Date('2026-03-02T08:00').toISOString());
    expect(result.ok && Date.parse(result.request.endsAt) - Date.parse(result.request.startsAt ?? '')).toBe(7_200_000);
  });

  it('refuses a silence of no length', () => {
    const result = silenceRequestFromForm({ ...silenceFormForAlert({ ruleName: 'Q', labels: { alertname: 'Q' } }), duration: '0' }, NOW);
    expect(result.ok ? undefined : result.errors.endsAt).toContain('last a while');
  });
});

describe('silencesInOrder', () => {
  it('lists active, pending, then expired, newest first within each', () => {
    const silence = (id: string, state: Silence['state'], createdAt: string): Silence => ({ id, state, createdAt, matchers: [], startsAt: '', endsAt: '', comment: '', createdBy: '' });
    const ordered = silencesInOrder([silence('e', 'expired', '2026-01-03'), silence('a1', 'active', '2026-01-01'), silence('p', 'pending', '2026-01-05'), silence('a2', 'active', '2026-01-02')]);
    expect(ordered.map((one) => one.id)).toEqual(['a2', 'a1', 'p', 'e']);
  });
});
