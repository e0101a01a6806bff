import { type CheckDownSpec, checkDownSpecSchema, type CheckStatus } from '@vigil/contracts';
import { type CheckSnapshot, isSuppressedByParent } from '@vigil/probing';
import { parseWithSchema } from './parse-spec';
import { type EvidenceLine, type Observation, requireData, type RuleKind } from './rule-kind';

/** The extension source the caller reads for check_down rules: every check of the project with its state (`CheckSnapshot[]`). */
export const CHECKS_SOURCE = 'checks';

/** The value a check's status is compared with: down 2 (critical), degraded 1 (warning, when asked for), else 0. */
export const CHECK_STATUS_VALUES: Record<CheckStatus, number> = { pending: 0, up: 0, paused: 0, degraded: 1, down: 2 };

/** Affected children listed in one notification (each is one evidence line). */
const MAX_CHILD_LINES = 19;

function selects(spec: CheckDownSpec, check: CheckSnapshot): boolean {
  if (spec.checkIds.length > 0) return spec.checkIds.includes(check.id);
  return Object.entries(spec.labels).every(([name, value]) => check.labels[name] === value);
}

function line(check: CheckSnapshot, body: string): EvidenceLine {
  return { timestamp: check.since, service: check.name, severity: check.status, body };
}

/**
 * Uptime checks as alerts (docs/checks.md, Alerting): one alert per selected check (labels
 * `check_id`, `check_name`, `check_kind` and the check's own labels), firing critical while the
 * check is down — and warning while degraded, with `degraded: true`. The check's state already
 * went through retries and the region quorum; `for` can add a wait on top.
 *
 * Dependencies: a check whose trouble is its parent's (`isSuppressedByParent`) is observed as 0,
 * so it opens no alert of its own; the parent's evidence lists it instead (its cause first, then
 * one line per affected child), so one outage of a parent is one notification naming the children.
 */
export const checkDownKind: RuleKind<CheckDownSpec> = {
  name: 'check_down',
  parseSpec: (input) => parseWithSchema('check_down', checkDownSpecSchema, input, () => ({})),
  thresholds: (spec) => ({ comparator: '>=', critical: CHECK_STATUS_VALUES.down, ...(spec.degraded ? { warning: CHECK_STATUS_VALUES.degraded } : {}) }),
  dataRequests: () => [{ type: 'extension', id: 'checks', source: CHECKS_SOURCE, params: {} }],
  observe: (spec, data, { now }) => {
    // Previews have no check states (undefined): nothing to observe.
    const checks = (requireData(data, 'checks', 'extension').value as readonly CheckSnapshot[] | undefined) ?? [];
    const byId = new Map(checks.map((check) => [check.id, check]));
    return checks
      .filter((check) => selects(spec, check))
      .map((check): Observation => {
        const parent = check.parentId === null ? undefined : byId.get(check.parentId);
        const value = isSuppressedByParent(check, parent, now) ? 0 : CHECK_STATUS_VALUES[check.status];
        const children = value === 0 ? [] : checks.filter((child) => child.parentId === check.id && isSuppressedByParent(child, check, now));
        const lines = [
          ...(value > 0 ? [line(check, check.cause ?? `${check.name} is ${check.status}`)] : []),
          ...children.slice(0, MAX_CHILD_LINES).map((child) => line(child, `affected: ${child.name} is ${child.status} too (depends on ${check.name})${child.cause ? `: ${child.cause}` : ''}`)),
        ];
        return {
          labels: { ...check.labels, check_id: check.id, check_name: check.name, check_kind: check.kind },
          value,
          evidence: { value, threshold: null, comparator: '>=', from: Math.min(check.since, now), to: now, ...(lines.length > 0 ? { lines } : {}) },
        };
      });
  },
};
