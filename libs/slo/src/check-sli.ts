import type { CheckSli } from '@vigil/contracts';

/** One region's check results within one minute (t, t + 1 min], counted by status. */
export interface RegionMinute {
  region: string;
  up: number;
  degraded: number;
  down: number;
}

/**
 * A check SLI's good and valid events for one minute, from its regions' results in that minute
 * (docs/slo.md, Check SLIs). Pure: the counts come from `check_results`, `quorum` from the check.
 *
 * - `check_probes`: every result is one event (three regions probing once a minute give three);
 *   good are the `up` ones, and the `degraded` ones unless the SLI counts them as bad.
 * - `check_uptime`: a minute with results is one valid event. A region says down for the minute
 *   when none of its results in it is good (one good probe means the service answered it); the
 *   minute is down when at least `quorum` regions say so — the same absolute quorum that decides
 *   the check's state, so one region that lost its own network does not take the minute down.
 *   A minute without results is no event at all (a check probed every 5 minutes has one valid
 *   minute in five; a paused check none).
 */
export function checkMinuteEvents(sli: CheckSli, quorum: number, regions: readonly RegionMinute[]): { good: number; valid: number } {
  const goodOf = (region: RegionMinute) => region.up + (sli.degraded === 'good' ? region.degraded : 0);
  const totalOf = (region: RegionMinute) => region.up + region.degraded + region.down;
  switch (sli.kind) {
    case 'check_probes':
      return regions.reduce((sum, region) => ({ good: sum.good + goodOf(region), valid: sum.valid + totalOf(region) }), { good: 0, valid: 0 });
    case 'check_uptime': {
      const reporting = regions.filter((region) => totalOf(region) > 0);
      if (reporting.length === 0) return { good: 0, valid: 0 };
      const sayingDown = reporting.filter((region) => goodOf(region) === 0).length;
      return { good: sayingDown >= Math.max(1, quorum) ? 0 : 1, valid: 1 };
    }
  }
}

/** The check an SLI reads (undefined for metric SLIs). */
export function checkSliOf(sli: { kind: string }): CheckSli | undefined {
  return sli.kind === 'check_probes' || sli.kind === 'check_uptime' ? (sli as CheckSli) : undefined;
}
