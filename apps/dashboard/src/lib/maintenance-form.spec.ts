import type { MaintenanceWindow } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { emptyMaintenanceForm, maintenanceFormFrom, maintenanceRequestFromForm, timeZoneChoices } from './maintenance-form';

describe('maintenanceRequestFromForm', () => {
  it('makes the contract’s request, the duration in minutes', () => {
    const result = maintenanceRequestFromForm({ ...emptyMaintenanceForm('Europe/Berlin'), name: 'DB backups', duration: '1h30m', matchers: [{ label: 'service', op: '=', value: 'db' }] });
    expect(result).toEqual({ ok: true, request: { name: 'DB backups', cron: '0 2 * * 0', durationMinutes: 90, timezone: 'Europe/Berlin', matchers: [{ label: 'service', op: '=', value: 'db' }], enabled: true } });
  });

  it('wants whole minutes and a name', () => {
    const result = maintenanceRequestFromForm({ ...emptyMaintenanceForm('UTC'), duration: '90s' });
    if (result.ok) throw new Error('expected problems');
    expect(result.errors.durationMinutes).toContain('Whole minutes');
    expect(result.errors.name).toBeDefined();
  });

  it('round-trips a stored window', () => {
    const window: MaintenanceWindow = { id: 'w', name: 'n', cron: '30 1 * * 1-5', durationMinutes: 45, timezone: 'America/New_York', matchers: [], enabled: false, activeNow: false, nextStart: null, createdAt: '', updatedAt: '' };
    expect(maintenanceRequestFromForm(maintenanceFormFrom(window))).toEqual({ ok: true, request: { name: 'n', cron: '30 1 * * 1-5', durationMinutes: 45, timezone: 'America/New_York', matchers: [], enabled: false } });
  });
});

describe('timeZoneChoices', () => {
  it('puts UTC and the current zone first, once each', () => {
    expect(timeZoneChoices('Europe/Berlin', ['Africa/Abidjan', 'Europe/Berlin', 'UTC'])).toEqual(['UTC', 'Europe/Berlin', 'Africa/Abidjan']);
  });
});
