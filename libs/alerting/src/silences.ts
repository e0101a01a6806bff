import type { LabelMatcher } from '@vigil/contracts';
import type { Labels } from '@vigil/metrics-query';
import { type MaintenanceWindowDefinition, windowActivity } from './maintenance';
import { compileMatchers, type LabelPredicate } from './matchers';

/**
 * Muting: a silence mutes alerts whose labels match all its matchers from `startsAt` (inclusive)
 * to `endsAt` (exclusive); a maintenance window mutes matching alerts (all, without matchers)
 * while one of its occurrences runs (maintenance.ts). Muted alerts still change state and are
 * recorded; only their notifications are held back (grouping.ts flushDecision's `muted`).
 */
export interface SilenceDefinition {
  id: string;
  matchers: readonly LabelMatcher[];
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
}

export type SilenceState = 'pending' | 'active' | 'expired';

export function silenceState(silence: Pick<SilenceDefinition, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < silence.startsAt) return 'pending';
  return now < silence.endsAt ? 'active' : 'expired';
}

/** The silences and windows muting at one instant, compiled once, to ask about many alerts. */
export interface MuteSnapshot {
  at: number;
  /** Ids of the silences and windows muting now. */
  activeIds: string[];
  /** Ids of what mutes these labels now (silences first, then windows); empty when nothing does. */
  mutedBy(labels: Labels): string[];
}

export function muteSnapshot(silences: readonly SilenceDefinition[], windows: readonly MaintenanceWindowDefinition[], now: number): MuteSnapshot {
  const active: { id: string; matches: LabelPredicate }[] = [];
  for (const silence of silences) {
    if (silenceState(silence, now) === 'active') active.push({ id: silence.id, matches: compileMatchers(silence.matchers) });
  }
  for (const window of windows) {
    if (window.enabled && windowActivity(window, now).active) active.push({ id: window.id, matches: compileMatchers(window.matchers) });
  }
  return {
    at: now,
    activeIds: active.map((entry) => entry.id),
    mutedBy: (labels) => active.filter((entry) => entry.matches(labels)).map((entry) => entry.id),
  };
}

/** For one alert: the ids of the silences and windows muting it at `now`. Use muteSnapshot for many alerts. */
export function mutedBy(alertLabels: Labels, silences: readonly SilenceDefinition[], windows: readonly MaintenanceWindowDefinition[], now: number): string[] {
  return muteSnapshot(silences, windows, now).mutedBy(alertLabels);
}

/** An alert's muting as seen at one evaluation (persist `mutedBy` per instance: the contracts' `silencedBy`). */
export interface MutedAlert {
  instanceKey: string;
  labels: Labels;
  firing: boolean;
  mutedBy: readonly string[];
}

/** "The silence (or window) that muted this alert ended, and it is still firing": route by `labels`. */
export interface MuteEndedNotice {
  type: 'mute_ended';
  at: number;
  instanceKey: string;
  labels: Record<string, string>;
  /** What muted it before and no longer does. */
  endedBy: string[];
}

/**
 * Notices for alerts that were muted and no longer are while still firing — a silence expired
 * (or was ended early) or a maintenance window closed, and the problem outlived it. Nothing for
 * an alert still muted by something else, or that resolved meanwhile. Pure over the previous and
 * current muted state.
 */
export function muteEndedNotices(previous: readonly MutedAlert[], current: readonly MutedAlert[], now: number): MuteEndedNotice[] {
  const before = new Map(previous.map((alert) => [alert.instanceKey, alert]));
  const notices: MuteEndedNotice[] = [];
  for (const alert of current) {
    const was = before.get(alert.instanceKey);
    if (!alert.firing || alert.mutedBy.length > 0 || !was || was.mutedBy.length === 0) continue;
    notices.push({ type: 'mute_ended', at: now, instanceKey: alert.instanceKey, labels: { ...alert.labels }, endedBy: [...was.mutedBy] });
  }
  return notices;
}
