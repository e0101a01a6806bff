import { type AlertInstance, type Silence, type SilenceRequest, silenceRequestSchema } from '@vigil/contracts';
import { durationField } from './durations';
import { failed, type FieldErrors, type FormResult, placeErrors } from './form-errors';
import { isComplete, type MatcherRow } from './label-matchers';
import { fromLocalInput } from './time-range';

export interface SilenceForm {
  matchers: MatcherRow[];
  /** `<input type="datetime-local">` value; empty: now. */
  startsAt: string;
  /** Duration text (`1h`); the silence ends this long after it starts. */
  duration: string;
  comment: string;
}

export const SILENCE_FIELDS = ['matchers', 'startsAt', 'endsAt', 'comment'] as const;
export type SilenceField = (typeof SILENCE_FIELDS)[number];

/** The picker's choices; any other duration can be typed. */
export const SILENCE_DURATIONS = ['30m', '1h', '2h', '4h', '8h', '1d', '1w'] as const;

export function emptySilenceForm(): SilenceForm {
  return { matchers: [{ label: '', op: '=', value: '' }], startsAt: '', duration: '1h', comment: '' };
}

/**
 * The one-click silence of an alert: every label of the alert as an `=` matcher (`alertname`
 * first, then by name), so the silence mutes exactly this alert and nothing else, for an hour,
 * with a comment the person can make more precise before saving.
 */
export function silenceFormForAlert(alert: Pick<AlertInstance, 'labels' | 'ruleName'>): SilenceForm {
  const keys = Object.keys(alert.labels).sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)));
  return {
    matchers: keys.map((label) => ({ label, op: '=', value: alert.labels[label] ?? '' })),
    startsAt: '',
    duration: '1h',
    comment: `Investigating ${alert.ruleName}`,
  };
}

/** The request the form makes at `now` (epoch ms), checked with the contract's schema. */
export function silenceRequestFromForm(form: SilenceForm, now: number): FormResult<SilenceRequest, SilenceField> {
  const own: FieldErrors<SilenceField> = {};
  let start = now;
  if (form.startsAt.trim() !== '') {
    const parsed = fromLocalInput(form.startsAt);
    if (parsed === undefined) own.startsAt = 'Pick a start, or leave it empty to start now.';
    else start = parsed;
  }
  const duration = durationField(form.duration);
  if (!duration.ok) own.endsAt = duration.message;
  else if (duration.value <= 0) own.endsAt = 'A silence must last a while: 30m, 1h, 1d…';
  const input = {
    matchers: form.matchers.filter(isComplete).map(({ label, op, value }) => ({ label: label.trim(), op, value })),
    ...(form.startsAt.trim() === '' ? {} : { startsAt: new Date(start).toISOString() }),
    endsAt: new Date(start + (duration.ok ? duration.value : 0) * 1000).toISOString(),
    comment: form.comment,
  };
  const parsed = silenceRequestSchema.safeParse(input);
  if (parsed.success && Object.keys(own).length === 0) return { ok: true, request: parsed.data };
  return failed(own, parsed.success ? undefined : placeErrors(parsed.error.issues, SILENCE_FIELDS));
}

/** Silences by state, the list's order: active ones first, then pending, then expired. */
export function silencesInOrder(silences: readonly Silence[]): Silence[] {
  const rank = { active: 0, pending: 1, expired: 2 } as const;
  return [...silences].sort((a, b) => rank[a.state] - rank[b.state] || Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
