import type { AlertEvidence, AlertSeverity, AlertState } from '@vigil/contracts';

/** The persisted state of an alert instance and what a step of its state machine emits (instance-state.ts). */

export interface NotifiedState {
  status: 'firing' | 'resolved';
  severity: AlertSeverity | null;
  noData: boolean;
}

export interface InstanceState {
  key: string;
  ruleId: string;
  groupLabels: Record<string, string>;
  status: AlertState;
  /** While pending or firing: the current severity; null when inactive. */
  severity: AlertSeverity | null;
  /** Pending or firing because of no data. */
  noData: boolean;
  /** When the current status began. */
  since: number;
  /** When the current pending/firing episode began (its first breach); null when inactive. */
  activeAt: number | null;
  /** The last time it fired, and resolved (kept after, for the instance list). */
  firedAt: number | null;
  resolvedAt: number | null;
  /** The last evaluation at which the condition held (breach, or hysteresis while firing): keepFiringFor counts from here. */
  lastActiveAt: number | null;
  lastValue: number | null;
  lastEvaluatedAt: number | null;
  evidence: AlertEvidence | null;
  flapping: boolean;
  flappingSince: number | null;
  /** Times of notifiable changes inside the flap window, oldest first. */
  changes: number[];
  lastChangeAt: number | null;
  /** What the notifications emitted so far told receivers (null: nothing yet). */
  notified: NotifiedState | null;
}

/** Where a transition went: a state, or `resolved` for firing → inactive. */
export type TransitionTarget = AlertState | 'resolved';

/** A transition to record (ClickHouse `alert_events`): status changes and severity changes while firing. */
export interface TransitionEvent {
  type: 'transition';
  at: number;
  instanceKey: string;
  ruleId: string;
  labels: Record<string, string>;
  from: AlertState;
  to: TransitionTarget;
  severity: AlertSeverity | null;
  value: number | null;
  evidence: AlertEvidence;
  noData: boolean;
}

export const NOTIFICATION_KINDS = ['firing', 'escalated', 'deescalated', 'updated', 'resolved', 'flapping_started', 'flapping_stopped'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Something receivers should hear about: routed by `labels` (routing.ts), applied to notification groups (grouping.ts). */
export interface NotificationIntent {
  type: 'notify';
  kind: NotificationKind;
  at: number;
  instanceKey: string;
  ruleId: string;
  /** The alert's labels now (for `resolved`: as it last fired). */
  labels: Record<string, string>;
  /** The labels before a severity or no-data change: groups the alert leaves are found by them. */
  previousLabels: Record<string, string> | null;
  annotations: Record<string, string>;
  /** What the alert is now, for receivers. */
  status: 'firing' | 'resolved';
  severity: AlertSeverity | null;
  noData: boolean;
  flapping: boolean;
  value: number | null;
  evidence: AlertEvidence | null;
  startsAt: number | null;
  endsAt: number | null;
}

export type InstanceEvent = TransitionEvent | NotificationIntent;

export interface StepResult {
  state: InstanceState;
  events: InstanceEvent[];
}
