import { describe, expect, it } from 'vitest';
import type { MaintenanceWindowDefinition } from './maintenance';
import { type MutedAlert, muteEndedNotices, mutedBy, muteSnapshot, type SilenceDefinition, silenceState } from './silences';

const at = (iso: string) => Date.parse(iso);
const silence: SilenceDefinition = {
  id: 's1',
  matchers: [
    { label: 'service', op: '=', value: 'checkout' },
    { label: 'severity', op: '=~', value: 'warning|critical' },
  ],
  startsAt: at('2025-05-01T10:00:00Z'),
  endsAt: at('2025-05-01T12:00:00Z'),
};
const nightly: MaintenanceWindowDefinition = { id: 'w1', cron: '0 2 * * *', timezone: 'UTC', durationMinutes: 60, matchers: [{ label: 'env', op: '=', value: 'staging' }], enabled: true };
const everything: MaintenanceWindowDefinition = { ...nightly, id: 'w2', matchers: [] };

describe('silences', () => {
  it('are pending, active from startsAt (inclusive) to endsAt (exclusive), then expired', () => {
    expect(silenceState(silence, at('2025-05-01T09:59:59Z'))).toBe('pending');
    expect(silenceState(silence, at('2025-05-01T10:00:00Z'))).toBe('active');
    expect(silenceState(silence, at('2025-05-01T11:59:59.999Z'))).toBe('active');
    expect(silenceState(silence, at('2025-05-01T12:00:00Z'))).toBe('expired');
  });

  it('mute alerts whose labels match all their matchers while active', () => {
    const labels = { service: 'checkout', severity: 'critical', env: 'prod' };
    expect(mutedBy(labels, [silence], [], at('2025-05-01T11:00:00Z'))).toEqual(['s1']);
    expect(mutedBy({ ...labels, service: 'cart' }, [silence], [], at('2025-05-01T11:00:00Z'))).toEqual([]);
    expect(mutedBy(labels, [silence], [], at('2025-05-01T12:00:00Z'))).toEqual([]);
  });
});

describe('muteSnapshot', () => {
  it('combines silences and maintenance windows, compiled once for many alerts', () => {
    const snapshot = muteSnapshot([silence], [nightly, everything, { ...everything, id: 'off', enabled: false }], at('2025-05-01T02:30:00Z'));
    expect(snapshot.activeIds).toEqual(['w1', 'w2']);
    expect(snapshot.mutedBy({ env: 'staging' })).toEqual(['w1', 'w2']);
    expect(snapshot.mutedBy({ env: 'prod' })).toEqual(['w2']);
    expect(muteSnapshot([silence], [nightly], at('2025-05-01T03:00:00Z')).mutedBy({ env: 'staging' })).toEqual([]);
  });
});

describe('muteEndedNotices', () => {
  const alert = (key: string, firing: boolean, muted: string[]): MutedAlert => ({ instanceKey: key, labels: { alertname: key }, firing, mutedBy: muted });

  it('tells when a silence ends while its alert still fires, and only then', () => {
    const previous = [alert('a', true, ['s1']), alert('b', true, ['s1']), alert('c', true, ['s1', 'w1']), alert('d', true, []), alert('e', true, ['s1'])];
    const current = [alert('a', true, []), alert('b', false, []), alert('c', true, ['w1']), alert('d', true, []), alert('f', true, [])];
    expect(muteEndedNotices(previous, current, 5)).toEqual([{ type: 'mute_ended', at: 5, instanceKey: 'a', labels: { alertname: 'a' }, endedBy: ['s1'] }]);
  });
});
