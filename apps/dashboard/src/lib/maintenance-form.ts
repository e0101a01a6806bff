import { type MaintenanceWindow, type MaintenanceWindowRequest, maintenanceWindowRequestSchema } from '@vigil/contracts';
import { durationField, formatDuration } from './durations';
import { failed, type FieldErrors, type FormResult, placeErrors } from './form-errors';
import { isComplete, type MatcherRow } from './label-matchers';

export interface MaintenanceForm {
  name: string;
  cron: string;
  /** Duration text (`2h`); whole minutes. */
  duration: string;
  timezone: string;
  matchers: MatcherRow[];
  enabled: boolean;
}

export const MAINTENANCE_FIELDS = ['name', 'cron', 'durationMinutes', 'timezone', 'matchers', 'enabled'] as const;
export type MaintenanceField = (typeof MAINTENANCE_FIELDS)[number];

/** Shown beside the cron box: five fields, minute to weekday, in the window's time zone. */
export const CRON_EXAMPLES = [
  { cron: '0 2 * * 0', meaning: 'Sundays at 02:00' },
  { cron: '30 1 * * 1-5', meaning: 'weekdays at 01:30' },
  { cron: '0 3 1 * *', meaning: 'the 1st of every month at 03:00' },
] as const;

export function emptyMaintenanceForm(timezone: string): MaintenanceForm {
  return { name: '', cron: '0 2 * * 0', duration: '2h', timezone, matchers: [], enabled: true };
}

export function maintenanceFormFrom(window: MaintenanceWindow): MaintenanceForm {
  return {
    name: window.name,
    cron: window.cron,
    duration: formatDuration(window.durationMinutes * 60),
    timezone: window.timezone,
    matchers: window.matchers.map(({ label, op, value }) => ({ label, op, value })),
    enabled: window.enabled,
  };
}

export function maintenanceRequestFromForm(form: MaintenanceForm): FormResult<MaintenanceWindowRequest, MaintenanceField> {
  const own: FieldErrors<MaintenanceField> = {};
  const duration = durationField(form.duration);
  if (!duration.ok) own.durationMinutes = duration.message;
  else if (duration.value % 60 !== 0) own.durationMinutes = 'Whole minutes only: 30m, 2h, 1h30m…';
  const input = {
    name: form.name,
    cron: form.cron,
    durationMinutes: duration.ok ? duration.value / 60 : undefined,
    timezone: form.timezone,
    matchers: form.matchers.filter(isComplete).map(({ label, op, value }) => ({ label: label.trim(), op, value })),
    enabled: form.enabled,
  };
  const parsed = maintenanceWindowRequestSchema.safeParse(input);
  if (parsed.success && Object.keys(own).length === 0) return { ok: true, request: parsed.data };
  return failed(own, parsed.success ? undefined : placeErrors(parsed.error.issues, MAINTENANCE_FIELDS));
}

/**
 * The IANA time zones the browser knows (`Intl.supportedValuesOf`), UTC and `current` (the
 * browser's own, or the window's stored one) first; just those where the list is unavailable.
 */
/** Every IANA zone the browser knows; every current browser has the list, without it just UTC and the current zone show. */
export function knownTimeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}

export function timeZoneChoices(current: string, known: readonly string[]): string[] {
  return [...new Set(['UTC', current, ...known])];
}
