import type { AlertEvent, AlertSeverity } from '@vigil/contracts';

/**
 * The history page's timeline: one lane per alert (rule and label group) with the spans it was
 * pending or firing over the range, rebuilt from its transitions (`alert_events`). An alert that
 * was already pending or firing when the range began (its first transition in range starts from
 * that state) is drawn from the range's start; one still in that state runs to the range's end.
 */

export type ActiveState = 'pending' | 'firing';

export interface TimelineSegment {
  state: ActiveState;
  severity: AlertSeverity | null;
  from: number;
  to: number;
  /** Still pending or firing at the range's end. */
  ongoing: boolean;
}

export interface TimelineLane {
  instanceId: string;
  ruleId: string;
  ruleName: string;
  /** The alert's label group: its labels without the ones every alert has (alertname, rule_id, severity). */
  groupLabels: Record<string, string>;
  segments: TimelineSegment[];
  /** Its transitions in range, oldest first. */
  events: AlertEvent[];
}

const COMMON_LABELS = new Set(['alertname', 'rule_id', 'severity']);

export function groupLabelsOf(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !COMMON_LABELS.has(key)));
}

const isActive = (state: string): state is ActiveState => state === 'pending' || state === 'firing';
const severityOf = (value: string): AlertSeverity | null => (value === 'critical' || value === 'warning' ? value : null);

/** Lanes for the events (any order), the most recently changed first. */
export function timelineLanes(events: readonly AlertEvent[], range: { from: number; to: number }): TimelineLane[] {
  const byInstance = new Map<string, AlertEvent[]>();
  for (const event of events) {
    const list = byInstance.get(event.instanceId) ?? [];
    list.push(event);
    byInstance.set(event.instanceId, list);
  }
  const lanes: TimelineLane[] = [];
  for (const [instanceId, list] of byInstance) {
    const ordered = [...list].sort((a, b) => a.time - b.time);
    const first = ordered[0] as AlertEvent;
    const last = ordered.at(-1) as AlertEvent;
    const segments: TimelineSegment[] = [];
    // Before its first transition the alert's severity is the event's, unless that transition
    // changed the severity itself (firing → firing), when what came before is unknown.
    const before = first.to === 'firing' ? null : severityOf(first.severity);
    let open: Omit<TimelineSegment, 'to' | 'ongoing'> | undefined = isActive(first.from) ? { state: first.from, severity: before, from: range.from } : undefined;
    for (const event of ordered) {
      if (open) segments.push({ ...open, to: Math.max(open.from, event.time), ongoing: false });
      open = isActive(event.to) ? { state: event.to, severity: severityOf(event.severity), from: event.time } : undefined;
    }
    if (open) segments.push({ ...open, to: Math.max(open.from, range.to), ongoing: true });
    lanes.push({ instanceId, ruleId: last.ruleId, ruleName: last.ruleName, groupLabels: groupLabelsOf(last.labels), segments, events: ordered });
  }
  return lanes.sort((a, b) => (b.events.at(-1)?.time ?? 0) - (a.events.at(-1)?.time ?? 0));
}

/** Where a segment sits in its lane, in percent of the range; at least a sliver wide so a brief one still shows. */
export function segmentBox(segment: Pick<TimelineSegment, 'from' | 'to'>, range: { from: number; to: number }): { left: number; width: number } {
  const span = Math.max(1, range.to - range.from);
  const left = Math.min(100, Math.max(0, ((segment.from - range.from) / span) * 100));
  const right = Math.min(100, Math.max(0, ((segment.to - range.from) / span) * 100));
  const width = Math.max(0.4, right - left);
  return { left: Math.min(left, 100 - width), width };
}

/** `pending → firing (critical)`. */
export function describeTransition(event: Pick<AlertEvent, 'from' | 'to' | 'severity'>): string {
  const severity = severityOf(event.severity);
  return `${event.from} → ${event.to}${severity && event.to === 'firing' ? ` (${severity})` : ''}`;
}
