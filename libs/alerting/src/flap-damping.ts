import type { AlertSeverity } from '@vigil/contracts';
import type { InstanceState, NotificationIntent, NotificationKind, NotifiedState } from './instance-types';

/**
 * Flap damping: an instance whose notifications keep changing (fire, resolve, escalate,
 * de-escalate, no-data flips) is marked flapping. While flapping, those notifications are
 * suppressed — receivers get one `flapping_started` notice (with what the alert is at that
 * moment) instead of a stream of fire/resolve pairs. Transitions are still recorded. Flapping
 * stops once no change happened for `quietSeconds`; then a `flapping_stopped` notice goes out,
 * with whatever receivers have missed (firing, resolved or a severity change) so they end up
 * knowing the alert's real state.
 *
 * Defaults: 6 changes within 30 minutes (three fire/resolve cycles, e.g. a value crossing its
 * threshold every 5 minutes) start flapping; 30 quiet minutes stop it. Pending ↔ inactive churn
 * is never notified, so it does not count. Like Nagios' flap detection, but counted over a time
 * window rather than the last 21 checks, because rules are evaluated at different intervals.
 */
export interface FlapDampingOptions {
  windowSeconds: number;
  /** Changes within the window that start flapping. */
  threshold: number;
  /** Flapping stops after this long without a change. */
  quietSeconds: number;
}

export const DEFAULT_FLAP_DAMPING: FlapDampingOptions = { windowSeconds: 1_800, threshold: 6, quietSeconds: 1_800 };

export type IntentFactory = (kind: NotificationKind, severity: AlertSeverity | null, noData: boolean, previousLabels?: Record<string, string> | null) => NotificationIntent;

/** What receivers should believe now. A resolved alert keeps the severity it was last told with. */
function currentView(state: InstanceState): NotifiedState {
  if (state.status === 'firing') return { status: 'firing', severity: state.severity, noData: state.noData };
  return { status: 'resolved', severity: state.notified?.severity ?? null, noData: state.notified?.noData ?? false };
}

/** The notification that brings receivers from what they were told to what is true. */
function catchUp(told: NotifiedState | null, now: NotifiedState, intentOf: IntentFactory): NotificationIntent[] {
  if (now.status === 'resolved') return told?.status === 'firing' ? [intentOf('resolved', told.severity, told.noData)] : [];
  if (told?.status !== 'firing') return [intentOf('firing', now.severity, now.noData)];
  const previous = intentOf('firing', told.severity, told.noData).labels;
  if (told.severity !== now.severity) return [intentOf(now.severity === 'critical' ? 'escalated' : 'deescalated', now.severity, now.noData, previous)];
  if (told.noData !== now.noData) return [intentOf('updated', now.severity, now.noData, previous)];
  return [];
}

/**
 * Counts this evaluation's notifications as changes and decides which go out. `state` is the
 * step's new state (mutated and returned); `intents` are the notifications the step produced.
 */
export function applyFlapDamping(
  state: InstanceState,
  intents: readonly NotificationIntent[],
  now: number,
  options: FlapDampingOptions,
  intentOf: IntentFactory,
): { state: InstanceState; intents: NotificationIntent[] } {
  if (intents.length > 0) {
    state.changes.push(now);
    state.lastChangeAt = now;
  }
  state.changes = state.changes.filter((at) => at > now - options.windowSeconds * 1000);
  if (!state.flapping) {
    if (intents.length === 0) return { state, intents: [] };
    if (state.changes.length >= options.threshold) {
      state.flapping = true;
      state.flappingSince = now;
      const view = currentView(state);
      state.notified = view;
      return { state, intents: [intentOf('flapping_started', view.severity, view.noData)] };
    }
    state.notified = currentView(state);
    return { state, intents: [...intents] };
  }
  if (intents.length > 0 || state.lastChangeAt === null || now - state.lastChangeAt < options.quietSeconds * 1000) return { state, intents: [] };
  state.flapping = false;
  state.flappingSince = null;
  const view = currentView(state);
  const out = [intentOf('flapping_stopped', view.severity, view.noData), ...catchUp(state.notified, view, intentOf)];
  state.notified = view;
  return { state, intents: out };
}
