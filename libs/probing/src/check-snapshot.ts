import type { CheckKind } from '@vigil/contracts';
import type { CheckHealth } from './dependencies';

/** A check as the check_down rule kind sees it (one per check of the project, read at evaluation time). */
export interface CheckSnapshot extends CheckHealth {
  name: string;
  kind: CheckKind;
  labels: Readonly<Record<string, string>>;
  parentId: string | null;
  /** Why it is down or degraded, else null. */
  cause: string | null;
  /** The regions that decided the status. */
  regions: readonly string[];
}
