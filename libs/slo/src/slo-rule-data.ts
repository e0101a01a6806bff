import type { EventCounts } from './alert-conditions';

/**
 * What the alerting engine's SLO rule kinds read (an extension data request of source `slo`,
 * answered by the worker from the SLI records): per label group, the events of each window asked
 * for, all ending at `to` (the last recorded minute), and the events of the SLO's window so far.
 */
export const SLO_DATA_SOURCE = 'slo';

export interface SloDataParams {
  sloId: string;
  windowsSeconds: number[];
}

export interface SloRuleData {
  sloId: string;
  name: string;
  objective: number;
  /** The SLO window's whole length (ms): budgets and exhaustion are measured against it. */
  windowLengthMs: number;
  /** The windows end here (epoch ms, exclusive): recorded minutes only. */
  to: number;
  groups: {
    labels: Record<string, string>;
    /** In the order of `windowsSeconds`. */
    windows: EventCounts[];
    /** The SLO window so far. */
    budget: EventCounts;
  }[];
}
