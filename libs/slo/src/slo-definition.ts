import type { BurnRateWindow, LabelMatcher, Sli, SloAlerting, SloRequest } from '@vigil/contracts';
import { defaultBurnRateWindows } from './alert-conditions';
import { SloError, type SloFieldProblem } from './slo.errors';

/**
 * The burn-rate pairs an SLO alerts on: its own, or the workbook's scaled to its window; each with
 * its event floor. A `check_uptime` SLI counts at most one event a minute, so an SLO-wide floor
 * is capped at the short window's minutes (the default 10 would silence the 5-minute window of
 * the page pair for good); a pair's own `minEvents` is used as given.
 */
export function effectiveBurnRates(slo: Pick<SloRequest, 'window' | 'alerting' | 'sli'>): Required<BurnRateWindow>[] {
  const pairs = slo.alerting.burnRates ?? defaultBurnRateWindows(slo.window);
  return pairs.map((pair) => {
    const floor = slo.sli.kind === 'check_uptime' ? Math.min(slo.alerting.minEvents, Math.floor(pair.shortWindowSeconds / 60)) : slo.alerting.minEvents;
    return { ...pair, minEvents: pair.minEvents ?? floor };
  });
}

export function effectiveAlerting(slo: Pick<SloRequest, 'window' | 'alerting' | 'sli'>): SloAlerting & { burnRates: Required<BurnRateWindow>[] } {
  return { ...slo.alerting, burnRates: effectiveBurnRates(slo) };
}

/**
 * Checks what the schema cannot: bucket bounds and labels out of place, window pairs that would
 * not reset. Throws INVALID_SLO with every problem's path. (That a check SLI's check belongs to
 * the SLO's project needs the store: the API checks it.)
 */
export function checkSloDefinition(slo: SloRequest): void {
  const problems: SloFieldProblem[] = [...checkSli(slo.sli)];
  slo.alerting.burnRates?.forEach((pair, index) => {
    if (pair.shortWindowSeconds * 2 > pair.longWindowSeconds) {
      problems.push({ path: `alerting.burnRates[${index}].shortWindowSeconds`, message: 'should be at most half the long window (the workbook uses 1/12) so the alert resets soon after burning stops' });
    }
  });
  if (problems.length > 0) throw new SloError('INVALID_SLO', `Invalid SLO: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}.`, problems);
}

/** The SLI's own checks (paths under `sli.`). */
export function checkSli(sli: Sli): SloFieldProblem[] {
  const problems: SloFieldProblem[] = [];
  if (sli.kind === 'latency') {
    sli.matchers.forEach((matcher, index) => {
      if (matcher.label === 'le') problems.push({ path: `sli.matchers[${index}]`, message: 'the bucket bound is `threshold`; leave `le` out of the matchers' });
    });
  }
  if ((sli.kind === 'latency' || sli.kind === 'ratio') && sli.groupBy.includes('le')) problems.push({ path: 'sli.groupBy', message: '`le` is the bucket bound, not a group' });
  return problems;
}

/** The same SLI written with its matchers in another order is the same SLI (no re-recording). */
export function sliKey(sli: Sli): string {
  const sorted = (matchers: readonly LabelMatcher[]) => [...matchers].map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`).sort();
  switch (sli.kind) {
    case 'ratio':
      return JSON.stringify([
        'ratio',
        sli.good ? ['good', sli.good.name, sorted(sli.good.matchers)] : ['bad', sli.bad?.name, sorted(sli.bad?.matchers ?? [])],
        [sli.total.name, sorted(sli.total.matchers)],
        [...sli.groupBy].sort(),
      ]);
    case 'latency':
      return JSON.stringify(['latency', sli.histogram, sorted(sli.matchers), sli.threshold, [...sli.groupBy].sort()]);
    case 'check_probes':
    case 'check_uptime':
      return JSON.stringify([sli.kind, sli.checkId, sli.degraded]);
  }
}

/**
 * One counter an SLI sums: its role, the stored metric, its matchers and, for histogram
 * buckets, the bound (`le` compared numerically; +Inf for all requests).
 */
export interface SliSide {
  role: 'good' | 'bad' | 'total';
  metric: string;
  matchers: LabelMatcher[];
  bound?: number;
}

/** What recording reads for a ratio or latency SLI (docs/slo.md, Recording); check SLIs read check results instead (check-sli.ts). */
export function sliSides(sli: Sli): SliSide[] {
  switch (sli.kind) {
    case 'ratio':
      return [
        sli.good ? { role: 'good', metric: sli.good.name, matchers: sli.good.matchers } : { role: 'bad', metric: sli.bad?.name ?? '', matchers: sli.bad?.matchers ?? [] },
        { role: 'total', metric: sli.total.name, matchers: sli.total.matchers },
      ];
    case 'latency':
      return [
        { role: 'good', metric: `${sli.histogram}_bucket`, matchers: sli.matchers, bound: sli.threshold },
        { role: 'total', metric: `${sli.histogram}_bucket`, matchers: sli.matchers, bound: Infinity },
      ];
    case 'check_probes':
    case 'check_uptime':
      return [];
  }
}

export function sliGroupBy(sli: Sli): readonly string[] {
  return sli.kind === 'ratio' || sli.kind === 'latency' ? sli.groupBy : [];
}

/** Good and valid from the sides' sums (a side without samples sums 0): `bad` SLIs count good = total − bad. */
export function combineSides(sides: readonly SliSide[], sums: Partial<Record<SliSide['role'], number>>): { good: number; valid: number } {
  const valid = sums.total ?? 0;
  const good = sides.some((side) => side.role === 'good') ? (sums.good ?? 0) : valid - (sums.bad ?? 0);
  return { good, valid };
}
