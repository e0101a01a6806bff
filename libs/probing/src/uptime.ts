/**
 * Uptime of one check over a range (docs/checks.md, "Uptime and reports"): pure, every time an
 * input in epoch ms. Downtime comes from the check's incidents (the record of its state changes),
 * not from counting results: the state machine already applied retries and the region quorum, and
 * incidents keep their start and end to the millisecond, so the figures are exact to the second.
 */

export type MaintenanceRule = 'exclude' | 'up' | 'count';
export type DegradedRule = 'up' | 'down';

/** How time is counted; the defaults are what a status page promises customers. */
export interface UptimeRules {
  /**
   * `exclude`: maintenance is left out of the period (neither up nor down);
   * `up`: maintenance counts as up time, whatever the check said;
   * `count`: maintenance is ordinary time (an outage in it is downtime).
   */
  maintenance: MaintenanceRule;
  /** Whether time in a degraded incident is up time (default) or downtime. */
  degraded: DegradedRule;
  /** Incidents shorter than this (their whole length, not the part in range) are not counted. */
  minIncidentSeconds: number;
}

export const DEFAULT_UPTIME_RULES: UptimeRules = { maintenance: 'exclude', degraded: 'up', minIncidentSeconds: 0 };

export interface UptimeIncident {
  /** The worst the check was during the incident. */
  severity: 'degraded' | 'down';
  startedAt: number;
  /** Null while open: it lasts until `now`. */
  endedAt: number | null;
}

export interface TimeSpan {
  /** Epoch ms, `from` inclusive, `to` exclusive. */
  from: number;
  to: number;
}

export interface UptimeInput {
  range: TimeSpan;
  /** When the check was created: time before it is not measured. */
  createdAt: number;
  now: number;
  incidents: readonly UptimeIncident[];
  /** Maintenance occurrences that apply to this check (any order, may overlap). */
  maintenance: readonly TimeSpan[];
  rules: UptimeRules;
}

export interface UptimeFigures {
  /** The part of the range that was measured: from the check's creation (or the range start) to the range end (or now). */
  measured: TimeSpan | null;
  /** Seconds the percentage is of: the measured span, less maintenance when it is excluded. */
  periodSeconds: number;
  downtimeSeconds: number;
  /** Maintenance inside the measured span, whatever the rule. */
  maintenanceSeconds: number;
  /** Degraded time inside the measured span (counted as up or down by the rule). */
  degradedSeconds: number;
  /** 100 × (period − downtime) / period; null when nothing was measured. */
  uptimePercent: number | null;
  /** Counted incidents with some counted downtime in the range. */
  incidents: number;
  /** Mean time to recovery: downtime / incidents (null without incidents). */
  mttrSeconds: number | null;
  /** Mean time between failures: up time / incidents (null without incidents). */
  mtbfSeconds: number | null;
}

/** Sorted, merged spans (touching spans join); empty spans dropped. */
export function mergeSpans(spans: readonly TimeSpan[]): TimeSpan[] {
  const sorted = spans.filter((span) => span.to > span.from).sort((a, b) => a.from - b.from);
  const merged: TimeSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

function clip(span: TimeSpan, within: TimeSpan): TimeSpan | null {
  const from = Math.max(span.from, within.from);
  const to = Math.min(span.to, within.to);
  return to > from ? { from, to } : null;
}

function totalMs(spans: readonly TimeSpan[]): number {
  return spans.reduce((sum, span) => sum + (span.to - span.from), 0);
}

/** `spans` less `holes`, both merged. */
function subtract(spans: readonly TimeSpan[], holes: readonly TimeSpan[]): TimeSpan[] {
  const result: TimeSpan[] = [];
  for (const span of spans) {
    let cursor = span.from;
    for (const hole of holes) {
      if (hole.to <= cursor || hole.from >= span.to) continue;
      if (hole.from > cursor) result.push({ from: cursor, to: hole.from });
      cursor = Math.max(cursor, hole.to);
    }
    if (cursor < span.to) result.push({ from: cursor, to: span.to });
  }
  return result;
}

/** Milliseconds to whole seconds; the inputs are ms-exact, the figures are reported in seconds. */
const seconds = (ms: number): number => Math.round(ms / 1000);

function measuredSpan(input: UptimeInput): TimeSpan | null {
  return clip({ from: Math.max(input.range.from, input.createdAt), to: Math.min(input.range.to, input.now) }, input.range);
}

function isCounted(incident: UptimeIncident, rules: UptimeRules, now: number): boolean {
  const end = incident.endedAt ?? now;
  if (end - incident.startedAt < rules.minIncidentSeconds * 1000) return false;
  return incident.severity === 'down' || rules.degraded === 'down';
}

const incidentSpan = (incident: UptimeIncident, now: number): TimeSpan => ({ from: incident.startedAt, to: incident.endedAt ?? now });

/** The uptime figures of one check over a range (see UptimeRules for the counting rules). */
export function computeUptime(input: UptimeInput): UptimeFigures {
  const { rules, now } = input;
  const measured = measuredSpan(input);
  if (measured === null) {
    return { measured: null, periodSeconds: 0, downtimeSeconds: 0, maintenanceSeconds: 0, degradedSeconds: 0, uptimePercent: null, incidents: 0, mttrSeconds: null, mtbfSeconds: null };
  }
  const inRange = (spans: readonly TimeSpan[]): TimeSpan[] => mergeSpans(spans.flatMap((span) => clip(span, measured) ?? []));
  const maintenance = inRange(input.maintenance);
  // Under `exclude` and `up` an outage inside maintenance is not downtime; under `count` it is.
  const forgiven = rules.maintenance === 'count' ? [] : maintenance;
  const counted = input.incidents.filter((incident) => isCounted(incident, rules, now));
  const countedSpans = counted.map((incident) => subtract(inRange([incidentSpan(incident, now)]), forgiven));
  const downMs = totalMs(mergeSpans(countedSpans.flat()));
  const degradedMs = totalMs(inRange(input.incidents.filter((incident) => incident.severity === 'degraded').map((incident) => incidentSpan(incident, now))));
  const periodMs = measured.to - measured.from - (rules.maintenance === 'exclude' ? totalMs(maintenance) : 0);
  const incidents = countedSpans.filter((spans) => spans.length > 0).length;
  const upMs = periodMs - downMs;
  return {
    measured,
    periodSeconds: seconds(periodMs),
    downtimeSeconds: seconds(downMs),
    maintenanceSeconds: seconds(totalMs(maintenance)),
    degradedSeconds: seconds(degradedMs),
    uptimePercent: periodMs <= 0 ? null : (100 * upMs) / periodMs,
    incidents,
    mttrSeconds: incidents === 0 ? null : seconds(downMs / incidents),
    mtbfSeconds: incidents === 0 ? null : seconds(upMs / incidents),
  };
}
